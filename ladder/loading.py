"""Load the shipped ladder content from a natural-key fixture, all or nothing."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model


class FixtureError(Exception):
    """A fixture could not be loaded; the message names the file and the row."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0


def _describe(row):
    """Return a short name for a fixture row, for error messages: model and natural key."""
    fields = row.get("fields", {}) if isinstance(row, dict) else {}
    key = fields.get("slug") or fields.get("title") or fields.get("name")
    if key is None and "level" in fields:
        # Natural foreign keys are lists (["ml-engineer"]): name their parts, not the list.
        parts = [fields[name] for name in ("level", "skill", "order") if name in fields]
        key = "/".join(
            "/".join(map(str, part)) if isinstance(part, list) else str(part) for part in parts
        )
    return f"{row.get('model', 'unknown model')} {key!r}" if isinstance(row, dict) else repr(row)


def _read_rows(path: Path):
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FixtureError(f"{path}: no such fixture file.") from error
    except json.JSONDecodeError as error:
        raise FixtureError(f"{path}: not valid JSON ({error}).") from error
    if not isinstance(rows, list):
        raise FixtureError(f"{path}: a fixture is a JSON list of rows.")
    return rows


def _record_history(instance, *, updated: bool, reason: str):
    """Fixture rows are saved raw, which django-simple-history skips (ladder.signals keeps
    their many-to-many values from being recorded on their own): record them here, one
    historical row with its many-to-many values, so an object's history shows when the
    shipped content was loaded or restored over an edit."""
    try:
        history = get_history_manager_for_model(type(instance))
    except NotHistoricalModelError:
        return
    (record,) = history.bulk_history_create(
        [instance], update=updated, default_change_reason=reason
    )
    for field in record._history_m2m_fields:
        through = field.remote_field.through
        # simple-history puts a manager of the field's history table on the history model.
        m2m_history = getattr(type(record), field.name).model
        links = through.objects.filter(**{field.m2m_field_name(): instance})
        columns = [column.attname for column in through._meta.fields]
        m2m_history.objects.bulk_create(
            m2m_history(history=record, **{column: getattr(link, column) for column in columns})
            for link in links
        )


def _load_row(row, *, restore: bool, result: LoadResult, source: str):
    if not isinstance(row, dict) or "model" not in row or "fields" not in row:
        raise FixtureError('every row needs a "model" and "fields"')
    (deserialized,) = serializers.deserialize("python", [row], handle_forward_references=False)
    instance = deserialized.object
    exists = instance.pk is not None
    # The deserializer builds a new instance even for a row found by its natural key; mark
    # it as stored, or full_clean() reports the row as a duplicate of itself.
    instance._state.adding = not exists
    # Validate kept rows too, so a broken fixture is refused whatever the database holds.
    # Uniqueness is left to rows that are written: an admin edit may have moved a value.
    instance.full_clean(validate_unique=not exists or restore)
    if exists and not restore:
        result.kept += 1
        return
    deserialized.save()
    verb = "Restored from" if exists else "Loaded from"
    _record_history(instance, updated=exists, reason=f"{verb} {source}")
    if exists:
        result.updated += 1
    else:
        result.created += 1


def load_fixture(path: Path, *, restore: bool = False) -> LoadResult:
    """Create missing rows (and overwrite existing ones when restoring) in one transaction.

    Raise FixtureError naming the row if any row is bad; nothing is written then.
    """
    rows = _read_rows(path)
    result = LoadResult()
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            try:
                _load_row(row, restore=restore, result=result, source=path.name)
            except ValidationError as error:
                problems = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                raise FixtureError(
                    f"{path.name}, row {number} ({_describe(row)}): {problems}"
                ) from error
            except (DeserializationError, DatabaseError, FixtureError) as error:
                cause = error.__cause__ or error
                raise FixtureError(
                    f"{path.name}, row {number} ({_describe(row)}): {cause}"
                ) from error
    return result
