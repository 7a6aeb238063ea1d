"""Reads about ladder content that the pages do not need: what people's data refers to it,
and a level's change history for the admin (level_history_versions).

Content that people's data refers to is retired, never deleted. What counts as people's
data is found from the models themselves, not listed here: every relation pointing at a
content model from a model outside the ladder app that is not a history record, hidden
relations (related_name="+") and many-to-many through tables included. A user-data model
added later is covered without a change here.
"""

from collections import defaultdict
from typing import cast

from django.db.models import Count, ForeignObjectRel, Model
from django.utils.text import capfirst
from simple_history.models import HistoricalChanges

from .level_history import LEVEL, REQUIREMENT, RESPONSIBILITY, Version
from .models import Level, Proficiency, Requirement, Responsibility, Skill, Track

LADDER_APP = "ladder"


def _related(relation: ForeignObjectRel) -> type[Model]:
    """Return the model a relation comes from (the stubs also allow "self", which only a
    field not yet resolved holds)."""
    return cast(type[Model], relation.related_model)


def user_data_relations(model) -> list[ForeignObjectRel]:
    """Return the foreign keys from people's data to `model`, as relations seen from it."""
    relations = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            # A many-to-many field is reached through the foreign key of its through table.
            continue
        source = _related(relation)
        if source._meta.app_label == LADDER_APP or issubclass(source, HistoricalChanges):
            continue
        relations.append(relation)
    return relations


def _owner(source):
    """Return the model a row of `source` belongs to: the model itself, or for an
    auto-created many-to-many through table, the model that declares the field."""
    return source._meta.auto_created or source


def user_data_references(model, pks) -> dict[object, dict[type[Model], int]]:
    """Return {pk: {model of people's data: rows}} for the objects of `model` that people's
    data refers to; objects nothing refers to are left out. One query per relation."""
    references: defaultdict[object, defaultdict[type[Model], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for relation in user_data_relations(model):
        source = _related(relation)
        field = relation.field
        rows = (
            source._base_manager.filter(**{f"{field.name}__in": list(pks)})
            .values_list(field.attname)
            .annotate(rows=Count("pk"))
            .order_by()
        )
        for pk, count in rows:
            references[pk][_owner(source)] += count
    return {pk: dict(kinds) for pk, kinds in references.items()}


def describe_references(kinds: dict[type[Model], int]) -> str:
    """Return "3 skill ratings, 1 project and 2 endorsements": counts only, never the data."""
    parts = [
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in kinds.items()
    ]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def history_relations(model) -> list[ForeignObjectRel]:
    """Return the foreign keys from other content's history records to `model` (a historical
    requirement names its skill and level, a historical course its skills)."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
        and not relation.many_to_many
        and issubclass(_related(relation), HistoricalChanges)
        # simple_history adds instance_type to the history models it makes
        and _related(relation).instance_type is not model  # type: ignore[attr-defined]
    ]


def history_references(model, pks) -> dict[object, int]:
    """Return {pk: history records} for the objects of `model` that the change history of
    other content refers to. Such an object stays (retired, not deleted): a backup made with
    natural keys (`dumpdata --natural-foreign`) must look each of them up."""
    references: defaultdict[object, int] = defaultdict(int)
    for relation in history_relations(model):
        field = relation.field
        rows = (
            _related(relation)
            ._base_manager.filter(**{f"{field.attname}__in": list(pks)})
            .values_list(field.attname)
            .annotate(rows=Count("pk"))
            .order_by()
        )
        for pk, count in rows:
            references[pk] += count
    return dict(references)


def level_history_versions(level_id: int) -> list[Version]:
    """Return the history records of a level and of every entry requirement and
    responsibility that was ever on it, with readable values (names and proficiency labels
    instead of ids and numbers), for ladder.level_history. Six queries, however long."""
    levels = list(Level.history.filter(id=level_id).select_related("history_user"))
    requirements = list(
        Requirement.history.filter(
            id__in=Requirement.history.filter(level_id=level_id).values("id")
        ).select_related("history_user")
    )
    responsibilities = list(
        Responsibility.history.filter(
            id__in=Responsibility.history.filter(level_id=level_id).values("id")
        ).select_related("history_user")
    )
    level_ids = {level_id} | {r.level_id for r in [*requirements, *responsibilities]}
    level_ids |= {r.branches_from_id for r in levels if r.branches_from_id}
    names = {
        "level": _names(Level, "title", level_ids),
        "track": _names(Track, "title", {r.track_id for r in levels}),
        "branches_from": _names(Level, "title", level_ids),
        "skill": _names(Skill, "name", {r.skill_id for r in requirements}),
    }
    return [
        *(_version(LEVEL, r, r.id, _level_values(r, names)) for r in levels),
        *(
            _version(
                REQUIREMENT,
                r,
                r.level_id,
                {
                    "level": names["level"].get(r.level_id, ""),
                    "skill": names["skill"].get(r.skill_id, f"skill {r.skill_id}"),
                    "proficiency": _proficiency(r.min_proficiency),
                },
            )
            for r in requirements
        ),
        *(
            _version(
                RESPONSIBILITY,
                r,
                r.level_id,
                {
                    "level": names["level"].get(r.level_id, ""),
                    "order": str(r.order),
                    "text": r.text,
                },
            )
            for r in responsibilities
        ),
    ]


def _names(model, field: str, pks) -> dict[int, str]:
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return {}
    return dict(model._base_manager.filter(pk__in=pks).values_list("pk", field))


def _proficiency(value) -> str:
    try:
        return str(Proficiency(value).label)
    except ValueError:
        return str(value)


def _version(kind: str, record, level_id, values: dict[str, str]) -> Version:
    return Version(
        kind=kind,
        object_id=record.id,
        level_id=level_id,
        history_id=record.history_id,
        date=record.history_date,
        action=record.history_type,
        user=str(record.history_user) if record.history_user else "",
        reason=record.history_change_reason or "",
        values=values,
    )


def _level_values(record, names: dict[str, dict[int, str]]) -> dict[str, str]:
    values = {}
    for field in Level._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(record, field.attname)
        if field.is_relation:
            shown = names[field.name].get(value, "Empty") if value is not None else "Empty"
        elif isinstance(value, bool):
            shown = "Yes" if value else "No"
        elif value in (None, ""):
            shown = "Empty"
        else:
            shown = str(value)
        values[str(capfirst(field.verbose_name))] = shown
    return values
