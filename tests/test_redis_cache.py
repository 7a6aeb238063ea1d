"""The production cache backend against the local Redis (CI has one, as production does)."""

import os
import uuid

from careerpath.cache import ResilientRedisCache

REDIS_URL = os.environ.get("CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def test_the_redis_cache_keeps_values_versions_and_pickled_parts():
    cache = ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    cache.set("part", "<p>rendered</p>", 60)
    cache.add("version", 41)
    assert cache.incr("version") == 42
    assert cache.get_many(["part", "version", "missing"]) == {
        "part": "<p>rendered</p>",
        "version": 42,
    }
    cache.delete_many(["part", "version"])
    assert cache.get("part") is None


def test_one_redis_client_serves_every_call_of_a_worker():
    cache = ResilientRedisCache(REDIS_URL, {})
    client = cache._cache.get_client()
    cache.get("anything")
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool


def test_every_key_under_a_prefix_can_be_deleted_and_no_other():
    cache = ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    cache.set_many({f"part:7:{n}": "<p>Ada</p>" for n in range(2500)} | {"part:70:1": "<p>x</p>"})
    assert cache.delete_prefixed("part:7:") == 2500
    assert cache.get("part:7:1") is None
    assert cache.get("part:70:1") == "<p>x</p>"
