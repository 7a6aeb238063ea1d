"""The superuser's admin lists of user data stay fast with millions of rows: each orders by
a column an index leads with, selects the related rows it shows, and never counts a whole
large table (on PostgreSQL the count is the planner's estimate beyond a few thousand rows).
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerpath.admin import EstimatedCountPaginator
from mentoring.models import DigestDelivery, Mentorship
from profiles.models import (
    Evidence,
    Experience,
    Profile,
    Project,
    SkillRating,
    SkillRatingChange,
)
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import DigestDeliveryFactory, MentorshipFactory
from tests.profiles.factories import (
    EvidenceFactory,
    ExperienceFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
LARGE_MODELS = [
    User,
    Profile,
    SkillRating,
    SkillRatingChange,
    Experience,
    Project,
    Evidence,
    Mentorship,
    Mentorship,
    DigestDelivery,
]
FACTORIES = {
    SkillRating: SkillRatingFactory,
    SkillRatingChange: SkillRatingChangeFactory,
    Experience: ExperienceFactory,
    Project: ProjectFactory,
    Evidence: EvidenceFactory,
    Mentorship: MentorshipFactory,
    DigestDelivery: DigestDeliveryFactory,
}
WHOLE_TABLE_COUNT = re.compile(r"COUNT\(\*\)(?!.*LIMIT)", re.DOTALL)


@pytest.fixture
def superuser_client(client):
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    return client


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _first_ordering_field(model_admin, request):
    ordering = list(model_admin.get_ordering(request) or model_admin.model._meta.ordering)
    return (ordering or ["-pk"])[0].lstrip("-")


def _leading_indexed_columns(model):
    """Fields that some index on the table starts with."""
    opts = model._meta
    columns = {opts.pk.name, "pk"}
    columns |= {f.name for f in opts.concrete_fields if f.db_index or f.unique}
    columns |= {index.fields[0].lstrip("-") for index in opts.indexes if index.fields}
    columns |= {c.fields[0] for c in opts.constraints if getattr(c, "fields", None)}
    return columns


@pytest.mark.parametrize("model", LARGE_MODELS, ids=lambda m: m._meta.model_name)
def test_each_large_admin_list_orders_by_a_column_an_index_starts_with(model, rf):
    model_admin = admin.site._registry[model]
    request = rf.get("/")

    field = _first_ordering_field(model_admin, request)

    assert "__" not in field  # ordering through a join: no index can serve it
    assert field in _leading_indexed_columns(model)


@pytest.mark.parametrize("model", LARGE_MODELS, ids=lambda m: m._meta.model_name)
def test_each_large_admin_list_never_counts_its_whole_table_twice(model):
    model_admin = admin.site._registry[model]

    assert model_admin.show_full_result_count is False
    assert issubclass(model_admin.paginator, EstimatedCountPaginator)


@pytest.mark.parametrize("model", list(FACTORIES), ids=lambda m: m._meta.model_name)
def test_an_admin_list_runs_as_many_queries_for_many_rows_as_for_few(model, superuser_client):
    FACTORIES[model].create_batch(2)
    superuser_client.get(_changelist(model))  # the session and the like, once
    with CaptureQueriesContext(connection) as few:
        assert superuser_client.get(_changelist(model)).status_code == 200

    FACTORIES[model].create_batch(6)
    with CaptureQueriesContext(connection) as many:
        assert superuser_client.get(_changelist(model)).status_code == 200

    assert len(many) == len(few)


def test_a_small_list_shows_its_exact_count(superuser_client):
    SkillRatingFactory.create_batch(5)

    response = superuser_client.get(_changelist(SkillRating))

    assert response.context["cl"].result_count == 5


def test_the_rating_list_shows_the_latest_changes_first_not_the_ladders_order(superuser_client):
    first_skill, second_skill = SkillFactory(order=1), SkillFactory(order=2)
    older = SkillRatingFactory(skill=second_skill)
    newer = SkillRatingFactory(skill=first_skill)
    older.save()  # changed last

    response = superuser_client.get(_changelist(SkillRating))

    assert list(response.context["cl"].result_list) == [older, newer]


@pytest.mark.postgresql
def test_on_postgresql_a_large_list_is_counted_by_the_planner_not_by_reading_every_row(
    superuser_client, monkeypatch
):
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 3)
    SkillRatingFactory.create_batch(8)

    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(_changelist(SkillRating))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 4  # more than the exact part: an estimate
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counts  # the bounded count ran ...
    assert not [sql for sql in counts if WHOLE_TABLE_COUNT.search(sql)]  # ... and no other
