"""The one cache policy of a run: how much each memo of past answers may hold.

Lint memoises per distinct text (a parsed link, a link's UTM analysis, a query's shape, a path's
personal-data verdict) because real sheets repeat the same links thousands of times. A memo that
grew without bound would hold every distinct link of a multi-gigabyte run; one cleared when full
costs a re-computation per entry afterwards, nothing else. 200,000 entries of these sizes is a few
hundred MB at most, and the benchmark's 200,000 distinct links fit (benchmarks/lint_urls.py).
"""

from __future__ import annotations

from typing import Any, TypeVar

MEMO_LIMIT = 200_000

V = TypeVar("V")


def remember(memo: dict[Any, V], key: Any, value: V) -> V:
    """Store `value` under `key`, emptying the memo first when it is full; return the value."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value
