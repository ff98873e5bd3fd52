"""Small per-worker caches of values built from a request's path prefix."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V")

MOST = 256


def remembered(
    cache: dict[Hashable, V], key: Hashable, build: Callable[[], V], most: int = MOST
) -> V:
    """`cache[key]`, built the first time it is asked for.

    The keys include the request's script root, which comes from the server or a trusted
    proxy; a worker sees one or two. The cache is still emptied once it holds `most` entries,
    so a stream of odd prefixes or ids cannot grow a worker's memory without end.
    """
    found = cache.get(key)
    if found is None:
        if len(cache) >= most:
            cache.clear()
        found = cache[key] = build()
    return found
