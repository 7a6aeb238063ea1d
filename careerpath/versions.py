"""Data versions: numbers kept in the database next to the data they stand for, moved by every
write in that write's own transaction. A copy kept in the cache (the ladder snapshot, a
person's assessment summary, a rendered part of a page) is stored under a key that names the
versions it was built from, so:

- a committed write is seen at once by every reader, whatever happened to the cache (Redis
  may have been down during the write: the version is in the row, not in Redis);
- an uncommitted write is seen by nobody else: its new version is not visible outside its
  transaction either.

A new version is never a number used before, even by a write that rolled back
(`next_value`: the clock in nanoseconds, or the old value + 1 when the clock is behind). So
whatever a transaction stored under its own uncommitted version can never be served for
other data, and nobody needs to track what a transaction has changed.

This module is the mechanism, and imports no app. Which writes move which versions is one
table, in composition/writes.py, registered here at start-up (`register`):
- saves and deletes of a registered model, and changes of a registered many-to-many table,
  move the versions as they happen (signals, in the write's transaction);
- writes that send no signals go through `update()` and `bulk_create()` here, or call
  `written()` after raw SQL.

Within one request a version read is remembered, and forgotten when the request writes it
(careerpath/request_memory.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models
from django.db.models import F, Model, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, pre_delete, pre_save


def first_value() -> int:
    """Return the version a new row starts at: the clock, so it repeats no version a
    recreated database once had (a cache may outlive a database)."""
    return time.time_ns()


def next_value(field_name: str) -> Greatest:
    """Return the expression that moves a version column to a value never used before."""
    return Greatest(F(field_name) + 1, Value(time.time_ns()))


if TYPE_CHECKING:  # the stubs' field is generic (value set, value read); Django's is not
    _VersionFieldBase = models.PositiveBigIntegerField[int | Combinable, int]
else:
    _VersionFieldBase = models.PositiveBigIntegerField


class VersionField(_VersionFieldBase):
    """A data version column. It starts from the clock (`first_value`), and a save of its row
    never writes it (the update keeps the stored value): only `next_value` moves it, so a
    copy of the row read before a write cannot set the version back when saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", first_value)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        if add:
            return super().pre_save(model_instance, add)
        return F(self.attname)


# Which rows a write changed, and whose versions that moves.


@dataclass(frozen=True)
class Rows:
    """Rows of one model that a write changed: instances (saved or just deleted) or a
    queryset."""

    model: type[Model]
    instances: Sequence[Model] = ()
    queryset: QuerySet[Any] | None = None

    def values(self, path: str) -> list[Any] | QuerySet[Any]:
        """Return the values at `path` (a lookup such as "user" or "mentorship__learner") of
        these rows. From instances, the first step is read off the instance itself, so it
        works for a row deleted a moment ago."""
        if self.queryset is not None:
            return self.queryset.values_list(path, flat=True)
        first, _, rest = path.partition("__")
        step: Any = self.model._meta.get_field(first)  # a forward field: it has an attname
        # each value once: a bulk insert of many rows of few people names few people
        values = list(dict.fromkeys(getattr(row, step.attname) for row in self.instances))
        if not rest:
            return values
        related: type[Model] = step.related_model
        return related._base_manager.filter(pk__in=values).values_list(rest, flat=True)


class Target(Protocol):
    """Something whose version a write can move: the ladder's content, the people a row
    belongs to. Apps define them; the composition says which model moves which."""

    def move(self, rows: Rows) -> None: ...


@dataclass(frozen=True)
class Moves:
    """What writes of one model change: the targets whose versions move."""

    targets: tuple[Target, ...]
    # A save that changed only these fields moves nothing (a log-in saves `last_login`,
    # which no page shows).
    unless_only: frozenset[str] = frozenset()

    def move(self, rows: Rows, *, update_fields: Iterable[str] | None = None) -> None:
        if update_fields and self.unless_only and set(update_fields) <= self.unless_only:
            return
        for target in self.targets:
            target.move(rows)


_registry: dict[type[Model], Moves] = {}


def register(model: type[Model], moves: Moves) -> None:
    """Move `moves`' versions on every save and delete of `model` (or every change of it,
    for an auto-created many-to-many table). Called once per model, at start-up.

    The versions move just before the row is written: a write that moves several people
    locks their rows first, all together and in order, and only then its own row, so two
    writes that move the same people queue instead of deadlocking."""
    _registry[model] = moves
    uid = f"versions:{model._meta.label_lower}"
    if model._meta.auto_created:
        m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)
    else:
        pre_save.connect(_saving, sender=model, dispatch_uid=f"{uid}:save")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}:delete")


def registered() -> dict[type[Model], Moves]:
    """Return the registry: {model: what its writes move}."""
    return dict(_registry)


def _saving(
    sender: type[Model],
    instance: Model,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    _registry[sender].move(Rows(sender, instances=[instance]), update_fields=update_fields)


def _deleting(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _registry[sender].move(Rows(sender, instances=[instance]))


def _m2m_changed(
    sender: type[Model], instance: Model, action: str, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    own, other = _through_keys(sender, type(instance))
    if pk_set is None:  # clear: the rows that are there now
        rows = Rows(sender, queryset=sender._base_manager.filter(**{own.name: instance.pk}))
    else:  # the rows as they will be added, or as they are removed
        links = [sender(**{own.attname: instance.pk, other.attname: pk}) for pk in pk_set]
        rows = Rows(sender, instances=links)
    _registry[sender].move(rows)


def _through_keys(through: type[Model], instance_model: type[Model]) -> tuple[Any, Any]:
    """Return a many-to-many table's two keys: the one to `instance_model` first."""
    keys = [f for f in through._meta.fields if f.is_relation]
    own = next(f for f in keys if f.related_model is instance_model)
    other = next(f for f in keys if f is not own)
    return own, other


# Writes that send no signals.


def written(
    model: type[Model],
    *,
    instances: Sequence[Model] = (),
    queryset: QuerySet[Any] | None = None,
) -> None:
    """Move the versions the registry names for rows written without signals (raw SQL)."""
    moves = _registry.get(model)
    if moves is not None:
        moves.move(Rows(model, instances=instances, queryset=queryset))


def update(queryset: QuerySet[Any], **values: Any) -> int:
    """Run `queryset.update(**values)` and move the versions of the rows it changes. The
    versions move first, while the queryset still finds the rows (an update may change the
    very columns it filters on)."""
    written(queryset.model, queryset=queryset)
    return queryset.update(**values)


def bulk_create(model: type[Model], objects: Iterable[Model], **options: Any) -> list[Model]:
    """Run `bulk_create` and move the versions of the rows it creates."""
    created = model._default_manager.bulk_create(objects, **options)
    written(model, instances=created)
    return created
