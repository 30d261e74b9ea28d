"""SQL macros that read what exports hold: localised numbers and several date shapes.

`mops_num` is the one reader of every numeric cell (impressions, clicks, spend, conversions, values;
CRM amounts). A negative amount keeps its sign however it is written: `-4,00`, the minus sign
U+2212, an en or em dash, a trailing minus (`4,00-`) or accounting brackets (`(2,00)`), so the
import's checks reject it as negative instead of reading a refund as spend. A minus in the middle of
the digits (`1-2`) is no number.
"""

from __future__ import annotations

from typing import Any


_MACROS = r"""
CREATE OR REPLACE TEMP MACRO mops_blank(s) AS (s IS NULL OR trim(s) IN ('', '--', '-', '—', 'n/a', 'N/A', 'null', 'NULL'));
CREATE OR REPLACE TEMP MACRO mops_digits(s) AS (regexp_replace(s, '[^0-9,.\-]', '', 'g'));
CREATE OR REPLACE TEMP MACRO mops_num_text(d, dc) AS (
    CASE
        WHEN contains(d, '.') AND contains(d, ',') THEN
            CASE WHEN strpos(d, ',') > strpos(d, '.') AND instr(reverse(d), ',') < instr(reverse(d), '.')
                 THEN replace(replace(d, '.', ''), ',', '.')
                 ELSE replace(d, ',', '') END
        WHEN contains(d, ',') THEN
            CASE WHEN NOT dc AND regexp_full_match(d, '-?\d{1,3}(,\d{3})+') THEN replace(d, ',', '')
                 ELSE replace(d, ',', '.') END
        WHEN contains(d, '.') AND dc AND regexp_full_match(d, '-?\d{1,3}(\.\d{3})+') THEN replace(d, '.', '')
        ELSE d
    END);
CREATE OR REPLACE TEMP MACRO mops_minus(s) AS (translate(s, '−–‒—﹣－', '------'));
CREATE OR REPLACE TEMP MACRO mops_signed(d, paren) AS (
    CASE WHEN regexp_full_match(d, '-?[0-9.,]*[0-9][0-9.,]*-?') AND NOT (starts_with(d, '-') AND ends_with(d, '-'))
         THEN CASE WHEN paren OR contains(d, '-') THEN '-' ELSE '' END || replace(d, '-', '') END);
CREATE OR REPLACE TEMP MACRO mops_num(s, dc) AS (
    CASE WHEN mops_blank(s) THEN 0::DOUBLE
         WHEN NOT dc AND TRY_CAST(s AS DOUBLE) IS NOT NULL THEN TRY_CAST(s AS DOUBLE)
         ELSE TRY_CAST(mops_num_text(mops_signed(mops_digits(mops_minus(s)),
                                                 regexp_matches(s, '\([^()]*[0-9][^()]*\)')), dc) AS DOUBLE) END);
CREATE OR REPLACE TEMP MACRO mops_date(s) AS (
    TRY_CAST(try_strptime(trim(s), ['%Y-%m-%d', '%Y%m%d', '%d.%m.%Y', '%m/%d/%Y', '%Y/%m/%d']) AS DATE));
"""


def install_macros(con: Any) -> None:
    """Define the parsing macros on a connection (temporary: never stored in the database)."""
    con.execute(_MACROS)
