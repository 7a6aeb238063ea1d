"""Counting the SQL a request runs, the way the issue's query targets count it."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

# ATOMIC_REQUESTS wraps each request in a transaction; inside a test's own transaction
# that becomes a SAVEPOINT / RELEASE SAVEPOINT pair, which is not real work.
NOT_COUNTED = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def real_queries(captured) -> list[str]:
    """Return the statements of a capture, the savepoints ATOMIC_REQUESTS adds left out."""
    return [q["sql"] for q in captured if not q["sql"].lstrip().upper().startswith(NOT_COUNTED)]


@contextmanager
def assert_max_queries(limit: int, *, info: str = ""):
    """Fail if the block runs more than `limit` real statements (savepoints not counted)."""
    with CaptureQueriesContext(connection) as context:
        yield context
    statements = real_queries(context.captured_queries)
    if len(statements) > limit:
        listing = "\n\n".join(statements)
        pytest.fail(
            f"Expected at most {limit} queries, {len(statements)} were run {info}\n\n{listing}"
        )


def count_queries(func) -> int:
    """Return how many real statements func() runs."""
    with CaptureQueriesContext(connection) as context:
        func()
    return len(real_queries(context.captured_queries))


def committed():
    """Run, as a commit would, the on-commit work of the writes made in the block.

    A test's writes never commit (the test's transaction is rolled back), so the ladder
    version they bump on commit would stay pending and every page would rebuild the ladder
    from the database. Use around set-up whose ladder writes stand for committed content."""
    return TestCase.captureOnCommitCallbacks(execute=True)
