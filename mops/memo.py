"""The one cache policy of a run: how much each memo of past answers may hold.

Lint memoises per distinct text (a parsed link, a link's UTM analysis, a query's shape, a path's
personal-data verdict) because real sheets repeat the same links thousands of times. A memo that
grew without bound would hold every distinct link of a multi-gigabyte run; one cleared when full
costs a re-computation per entry afterwards, nothing else. 200,000 entries of these sizes is a few
hundred MB at most, and the benchmark's 200,000 distinct links fit (benchmarks/lint_urls.py).

Every memo of answers uses one of the two tools here, so its size and eviction are decided here:
`remember` for a dict (emptied when full), `memoised` for a function (least recently used out).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

MEMO_LIMIT = 200_000

V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])


def remember(memo: dict[Any, V], key: Any, value: V) -> V:
    """Store `value` under `key`, emptying the memo first when it is full; return the value."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def memoised(function: F) -> F:
    """`function` with its answers remembered per argument, as many as MEMO_LIMIT, the least recently
    used forgotten first: the same policy for a memo that is a function (a word's syllables, a
    character's folding, a key's closest GA4 parameter) as `remember` is for one that is a dict.
    (A cache of one loaded file or compiled set of rules, `lru_cache(maxsize=1..16)`, is not a memo
    of answers and keeps its own size.)"""
    return functools.lru_cache(maxsize=MEMO_LIMIT)(function)  # type: ignore[return-value]
