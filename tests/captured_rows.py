"""Rows a command writes, captured once and put back in bulk.

Loading the shipped ladder runs every fixture check and saves rows one at a time (about half
a second); hundreds of tests need it. `capture` runs the command once per test database in a
transaction it rolls back, keeping copies of every row the command inserted; `restore` puts
those copies back with one bulk insert per table, the same primary keys included, which costs
a few milliseconds. Rows that existed before (those the migrations create) are left alone."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


@dataclass(frozen=True)
class CapturedRows:
    tables: list[tuple[type[models.Model], list[models.Model]]]

    def restore(self) -> None:
        """Insert the captured rows into the current transaction, in the order captured.
        The sequences that number new rows are then moved past them (PostgreSQL)."""
        for model, rows in self.tables:
            model._base_manager.bulk_create(rows)
        reset = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.tables])
        with connection.cursor() as cursor:
            for sql in reset:
                cursor.execute(sql)


def _pks() -> dict[type[models.Model], set]:
    return {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def capture(write: Callable[[], None]) -> CapturedRows:
    """Run write() in a transaction that is rolled back, and return the rows it inserted."""
    with transaction.atomic():
        before = _pks()
        write()
        tables = []
        for model, known in before.items():
            rows = [row for row in model._base_manager.order_by("pk") if row.pk not in known]
            if rows:
                tables.append((model, rows))
        transaction.set_rollback(True)
    return CapturedRows(tables)
