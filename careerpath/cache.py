"""A Redis cache that degrades instead of failing the request when Redis is unreachable.

The cache only ever holds copies (the ladder snapshot, per-person summaries) and the rate
limits' counters. With Redis down, a page must still answer from the database, so reads
become misses and writes do nothing. Taking a lock (``add``) reports failure: allauth's rate
limits take a lock before counting, so they refuse the attempt (fail closed) rather than
letting unlimited log-in attempts through; ``careerpath.errors.too_many_requests`` then
says the sign-in is paused instead of blaming the visitor.

After an error the backend does not try Redis again for ``RETRY_AFTER`` seconds, so a
worker does not pay a connection attempt (or a timeout) on every call while it is down.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Seconds in a day: the longest anything is kept. Copies built from one day's data (years of
# experience grow daily) name the day in their keys, so nothing outlives it usefully.
DAY = 24 * 60 * 60

RETRY_AFTER = 5.0  # seconds without trying Redis after it failed
# Fail fast instead of hanging a request on an unreachable host (Django's defaults: none).
DEFAULT_POOL_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}

# Per Redis location, shared by every thread's backend instance: monotonic time until which
# Redis counts as down.
_down_until: dict[str, float] = {}


class OneClientPerPool(RedisCacheClient):
    """Django builds a new ``redis.Redis`` object for every cache call, and each builds its
    table of ~150 response callbacks: about 0.15 ms a call, three calls on a cached page. A
    client over a connection pool is thread-safe, so one per pool is kept and reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_POOL_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._location = ",".join(self._servers)

    @property
    def unavailable(self) -> bool:
        """Whether Redis failed in the last RETRY_AFTER seconds."""
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def _call(self, name, fallback, *args, **kwargs):
        if self.unavailable:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError:
            if not self.unavailable:
                log.warning(
                    "cache: Redis at %s is unreachable; reads miss, writes are skipped "
                    "and rate-limited actions are refused for %ss",
                    self._location,
                    RETRY_AFTER,
                    exc_info=True,
                )
            _down_until[self._location] = time.monotonic() + RETRY_AFTER
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # False: "somebody else holds it". A lock is never granted while Redis is down.
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        if self.unavailable:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        try:
            return super().incr(key, delta, version)
        except RedisError:
            _down_until[self._location] = time.monotonic() + RETRY_AFTER
            log.warning("cache: Redis at %s is unreachable", self._location, exc_info=True)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).") from None

    def clear(self):
        return self._call("clear", False)

    def delete_prefixed(self, prefix):
        """Delete every key that starts with `prefix` (SCAN, then DEL in batches)."""
        if self.unavailable:
            return 0
        try:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.make_key(prefix)}*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            return len(keys)
        except RedisError:
            _down_until[self._location] = time.monotonic() + RETRY_AFTER
            log.warning("cache: Redis at %s is unreachable", self._location, exc_info=True)
            return 0


def delete_prefixed(prefixes) -> None:
    """Delete every cached value whose key starts with one of `prefixes` (all the rendered
    parts of one person's pages, say). Redis and the in-process cache (development, tests)
    can; other backends keep them until they expire (a day at most)."""
    from django.core.cache import caches

    backend = caches["default"]  # the backend itself (django.core.cache.cache is a proxy)
    for prefix in prefixes:
        if isinstance(backend, ResilientRedisCache):
            backend.delete_prefixed(prefix)
        elif isinstance(backend, LocMemCache):
            start = backend.make_key(prefix)
            store: Any = backend  # its dict and lock are LocMemCache's own
            for key in [k for k in list(store._cache) if k.startswith(start)]:
                with store._lock:
                    store._delete(key)
