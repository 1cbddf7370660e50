"""One cache for functions of a cell's or label's text.

Cell texts and labels repeat within a report and from report to report
("0", "—", row labels), so what is derived from a short text is kept in a
bounded ``functools.lru_cache`` (thread-safe); long texts (paragraphs) are
rare, would bloat the cache, and are computed each time, or, for a function
the matcher asks several times about the same paragraph (``norm_text``), kept
in a second, small cache of the last few (:func:`cached_with_paragraphs`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

#: texts up to this many characters are cached
SHORT = 64
#: :func:`cached_with_paragraphs`: texts up to this long are kept in the second cache ...
PARAGRAPH = 8192
#: ... which holds this many (a document's paragraphs asked about within one match)
PARAGRAPHS = 64

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


def cached_with_paragraphs(fn: Callable[[str], T]) -> Callable[[str], T]:
    """:func:`cached_when_short`, and the last :data:`PARAGRAPHS` texts up to
    :data:`PARAGRAPH` characters kept too (at most a few megabytes)."""
    cached = lru_cache(maxsize=16384)(fn)
    recent = lru_cache(maxsize=PARAGRAPHS)(fn)

    @wraps(fn)
    def wrapper(text: str) -> T:
        n = len(text)
        return cached(text) if n <= SHORT else recent(text) if n <= PARAGRAPH else fn(text)

    def cache_clear() -> None:
        cached.cache_clear()
        recent.cache_clear()

    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper
