"""One cache for functions of a cell's or label's text.

Cell texts and labels repeat within a report and from report to report
("0", "—", row labels), so what is derived from a short text is kept in a
bounded ``functools.lru_cache`` (thread-safe); long texts (paragraphs) are
rare, would bloat the cache, and are computed each time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

#: texts up to this many characters are cached
SHORT = 64

T = TypeVar("T")


def cached_when_short(fn: Callable[[str], T]) -> Callable[[str], T]:
    """``fn`` with its results for short texts cached.  The wrapper has
    ``cache_clear()`` (benchmarks start each file with empty caches)."""
    cached = lru_cache(maxsize=16384)(fn)

    @wraps(fn)
    def wrapper(text: str) -> T:
        return cached(text) if len(text) <= SHORT else fn(text)

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper
