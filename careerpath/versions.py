"""Version counters in the cache, bumped when the data they stand for is committed.

A cached value (the ladder snapshot, a person's assessment summary) is stored under a key
that includes the version of what it was computed from, so bumping the version is all it
takes to stop using it. Writes call `changed(key)`: the version is bumped once the
transaction commits, so no other request can cache data that is not committed yet. Until
then `pending()` tells the writing transaction that its own cached values are stale (it
reads from the database instead); a rollback drops the pending bump with the writes.

A missing version (cache cleared or evicted) starts again from the clock in nanoseconds, so
it never comes back as a number whose old values are still cached. Cache errors propagate
from `current*()`: callers fall back to the database.
"""

import logging
import time

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)


class _Bump:
    """The on-commit callback of one transaction that changed what `key` stands for."""

    def __init__(self, key):
        self.key = key
        self.done = False

    def __call__(self):
        self.done = True
        bump(self.key)


def pending() -> set[str]:
    """Return the keys the current transaction changed and has not committed yet."""
    return {
        func.key
        for _sids, func, *_rest in connection.run_on_commit
        if isinstance(func, _Bump) and not func.done
    }


def changed(key: str) -> None:
    """Bump `key`'s version once the current transaction commits (at once outside one)."""
    if key not in pending():
        transaction.on_commit(_Bump(key))


def bump(key: str) -> None:
    """Start a new version of `key` now."""
    try:
        cache.incr(key)
    except ValueError:  # no version yet, or it was evicted
        cache.add(key, time.time_ns())
    except Exception:
        logger.exception("Could not bump the version %s in the cache.", key)


def current_many(keys) -> dict[str, int]:
    """Return {key: version}, starting a version for every key the cache does not hold."""
    keys = list(keys)
    versions = cache.get_many(keys)
    missing = [key for key in keys if key not in versions]
    if missing:
        start = time.time_ns()
        for key in missing:
            cache.add(key, start)
        versions.update(cache.get_many(missing))
    return versions


def committed(keys) -> dict[str, int]:
    """Return {key: version} for each of `keys` this transaction has not changed: a key it
    changed stands for data other requests cannot see yet, so nothing may be cached under
    its version. Cache errors propagate."""
    stale = pending()
    return current_many(key for key in keys if key not in stale)


def committed_all(keys) -> dict[str, int] | None:
    """Return {key: version} for all of `keys`, or None when any of them has no committed
    version (this transaction changed it) or the cache is unreachable: whatever would be
    cached under these versions must then be built afresh."""
    keys = list(keys)
    try:
        at = committed(keys)
    except Exception:
        return None
    return at if all(key in at for key in keys) else None
