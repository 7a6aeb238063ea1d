"""Load the shipped ladder content from a natural-key fixture, all or nothing.

A bad fixture is refused with one line naming the file, the row and what is wrong, before
anything is written. Rows are checked the same way on every database: a row is an object
with a "model" of the ladder app and its "fields"; every field exists; text is a string
without NUL characters (PostgreSQL cannot store them), a number is a whole number that
fits the column on PostgreSQL, a flag is true or false, and a reference is a natural key
(a list such as ["ml-engineer"]) of a row that exists.
"""

import difflib
import json
import reprlib
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_manager_for_model

from careerpath import versions

CONTENT_APP = "ladder"
ROW_KEYS = ("model", "fields")
# The narrowest integer columns Django creates (PostgreSQL's), so that a fixture is
# refused or loaded alike on SQLite, which stores any 64-bit integer.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def _one_line(text: str) -> str:
    """Return text with line breaks and other unprintable characters escaped."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class FixtureError(Exception):
    """A fixture could not be loaded; the message, one line, names the file and the row."""

    def __init__(self, message: str):
        super().__init__(_one_line(message))


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0


# Values in messages are cut short, deep lists and long numbers included.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 3, 3
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 40


def _short(value) -> str:
    """Return a value as Python writes it, cut short."""
    return _REPR.repr(value)


def _kind(value) -> str:
    """Return what a JSON value is, for "must be ..., not <kind>"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {_short(value)}"
    if isinstance(value, str):
        return f"the string {_short(value)}"
    return f"the {'list' if isinstance(value, list) else 'object'} {_short(value)}"


def _is_key_part(value) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _key_name(fields: dict):
    """Return the natural key of a row's fields, as far as it can be told, or None."""
    for name in ("slug", "title", "name"):
        if isinstance(fields.get(name), str) and fields[name]:
            return fields[name]
    parts = []
    for name in ("level", "skill", "order"):
        # Natural foreign keys are lists (["ml-engineer"]): name their parts, not the list.
        value = fields.get(name)
        values = value if isinstance(value, list) else [value]
        parts += [str(part) for part in values if _is_key_part(part)]
    return "/".join(parts) or None


def _describe(row) -> str:
    """Return a short name for a fixture row, for error messages: model and natural key."""
    if not isinstance(row, dict):
        return _kind(row)
    model = row.get("model")
    fields = row.get("fields")
    key = _key_name(fields) if isinstance(fields, dict) else None
    label = model[:40] if isinstance(model, str) else "unknown model"
    return f"{label} {_short(key) if key else 'without a natural key'}"


def _read_rows(path: Path):
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise FixtureError(f"{path}: no such fixture file.") from error
    except OSError as error:
        raise FixtureError(f"{path}: cannot be read ({error.strerror or error}).") from error
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise FixtureError(
            f"{path}: not UTF-8 text (byte {byte:#04x} at position {error.start})."
        ) from error
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as error:
        raise FixtureError(f"{path}: not valid JSON ({error}).") from error
    except ValueError as error:
        # Python refuses to read an integer of more than 4300 digits.
        raise FixtureError(f"{path}: not valid JSON (a number too long to read).") from error
    except RecursionError as error:
        raise FixtureError(f"{path}: not valid JSON (nested too deeply).") from error
    if not isinstance(rows, list):
        raise FixtureError(f"{path}: a fixture is a JSON list of rows.")
    if not rows:
        raise FixtureError(f"{path}: the fixture has no rows.")
    return rows


def _content_models() -> dict:
    """Return the ladder's content models by label ("ladder.level"), history tables left out."""
    return {
        model._meta.label_lower: model
        for model in apps.get_app_config(CONTENT_APP).get_models()
        if not issubclass(model, HistoricalChanges)
    }


def _row_model(row):
    """Return the model a row is for, or raise FixtureError saying what is wrong."""
    if not isinstance(row, dict) or any(key not in row for key in ROW_KEYS):
        raise FixtureError(f'every row is an object with a "model" and "fields", not {_kind(row)}')
    if "pk" in row:
        raise FixtureError('"pk" is not used: rows are found by their natural key (the slug)')
    if extra := sorted(row.keys() - set(ROW_KEYS)):
        raise FixtureError(f'unexpected key {_short(extra[0])}: a row has a "model" and "fields"')
    label = row["model"]
    if not isinstance(label, str):
        raise FixtureError(f'"model" must be a string such as "ladder.level", not {_kind(label)}')
    content = _content_models()
    if label.lower() not in content:
        raise FixtureError(
            f"unknown model {_short(label)}: ladder content is one of {', '.join(content)}"
        )
    if not isinstance(row["fields"], dict):
        raise FixtureError(
            f'"fields" must be an object of field names and values, not {_kind(row["fields"])}'
        )
    return content[label.lower()]


def _natural_key_problem(related, key, *, known: set):
    """Return what is wrong with a natural key of a row of `related`, or None."""
    label = related._meta.label_lower
    if (label, tuple(key)) in known:
        return None
    try:
        related._default_manager.get_by_natural_key(*key)
    except related.DoesNotExist:
        return f"{label} {_short(key)} does not exist"
    except TypeError:
        # get_by_natural_key() was given more or fewer parts than the key has.
        return f"{_short(key)} is not a natural key of {label}"
    known.add((label, tuple(key)))
    return None


def _value_problem(field, value, *, known: set):
    """Return what is wrong with a fixture value for a model field, or None."""
    if field.many_to_many:
        if not isinstance(value, list) or not all(
            isinstance(key, list) and key and all(map(_is_key_part, key)) for key in value
        ):
            return f'must be a list of natural keys such as [["a-slug"]], not {_kind(value)}'
        texts = [part for key in value for part in key if isinstance(part, str)]
    elif value is None:
        return None if field.null else "must not be null"
    elif field.many_to_one:
        if not isinstance(value, list) or not value or not all(map(_is_key_part, value)):
            return f'must be a natural key, a list such as ["a-slug"], not {_kind(value)}'
        texts = [part for part in value if isinstance(part, str)]
    elif isinstance(field, models.BooleanField):
        return None if isinstance(value, bool) else f"must be true or false, not {_kind(value)}"
    elif isinstance(field, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be a whole number, not {_kind(value)}"
        low, high = INTEGER_RANGES.get(field.get_internal_type(), (None, None))
        if low is not None and high is not None and not low <= value <= high:
            return f"must be between {low} and {high}, not {_short(value)}"
        return None
    elif isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            return f"must be a string, not {_kind(value)}"
        texts = [value]
    else:
        return None
    if any("\x00" in text for text in texts):
        return "contains a NUL character (\\x00), which PostgreSQL cannot store"
    if field.is_relation:
        keys = value if field.many_to_many else [value]
        for key in keys:
            if problem := _natural_key_problem(field.related_model, key, known=known):
                return problem
    return None


def _check_fields(model, fields: dict, *, known: set):
    """Raise FixtureError naming the first field of a row that is missing, unknown or bad."""
    by_name = {
        field.name: field
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not field.primary_key
    }
    label = model._meta.label_lower
    for name, value in fields.items():
        if name not in by_name:
            guess = difflib.get_close_matches(name, by_name, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise FixtureError(f"{label} has no field {_short(name)}{hint}")
        if problem := _value_problem(by_name[name], value, known=known):
            raise FixtureError(f"{name}: {problem}")
    for name, field in by_name.items():
        # A row's natural key may be made of the rows it belongs to: name them.
        if field.many_to_one and not field.null and name not in fields:
            raise FixtureError(f"{name}: missing; every {label} row names its {name}")


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
        versions.bulk_create(
            m2m_history,
            (
                m2m_history(history=record, **{column: getattr(link, column) for column in columns})
                for link in links
            ),
        )


def _load_row(row, *, restore: bool, result: LoadResult, source: str, known: set):
    _check_fields(_row_model(row), row["fields"], known=known)
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
    known: set[tuple[str, tuple]] = set()  # natural keys found already, each looked up once
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            try:
                _load_row(row, restore=restore, result=result, source=path.name, known=known)
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
