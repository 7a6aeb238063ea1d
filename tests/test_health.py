from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse


def test_liveness_answers_with_the_database_out_of_reach(client):
    # No django_db mark: pytest-django raises on any database access.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_liveness_runs_no_sql(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.django_db
def test_readiness_checks_the_database_and_the_cache(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}


@pytest.mark.django_db
def test_readiness_is_unavailable_when_the_cache_fails(client):
    with mock.patch("careerpath.health.cache.set", side_effect=ConnectionError("refused")):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}


@pytest.mark.django_db
def test_readiness_is_unavailable_when_the_database_fails(client):
    with mock.patch("careerpath.health._query_one", side_effect=DatabaseError("gone")):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "cache": True}


def test_health_endpoints_refuse_writes(client):
    assert client.post(reverse("healthz")).status_code == 405
