"""Time every superuser admin list (and its usual filters) against a database, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/careerpath_scale \
        .venv/bin/python scripts/admin_timings.py [--runs 5]

Fill the database first (manage.py load_scale --people 100000). The script makes (or
reuses) a superuser admin-timings@example.test, signs it in with Django's test client and
prints for each list the median and the slowest of --runs requests after one warm-up, the
number of SQL queries and their total time. Settings: careerpath.settings.local with
DEBUG off (the same code paths as production, without HTTPS redirects).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.settings.local")
os.environ["DJANGO_DEBUG"] = "false"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from ladder.models import Skill  # noqa: E402

LISTS = [
    ("users", "admin:auth_user_changelist", ""),
    ("users, staff only", "admin:auth_user_changelist", "?is_staff__exact=1"),
    ("e-mail addresses", "admin:account_emailaddress_changelist", ""),
    ("profiles", "admin:profiles_profile_changelist", ""),
    ("ratings", "admin:profiles_skillrating_changelist", ""),
    ("ratings, page 50", "admin:profiles_skillrating_changelist", "?p=50"),
    ("ratings of one skill", "admin:profiles_skillrating_changelist", "?skill__id__exact={skill}"),
    ("ratings, proficiency 3", "admin:profiles_skillrating_changelist", "?proficiency__exact=3"),
    ("rating history", "admin:profiles_skillratingchange_changelist", ""),
    ("experience", "admin:profiles_experience_changelist", ""),
    ("projects", "admin:profiles_project_changelist", ""),
    ("projects, done", "admin:profiles_project_changelist", "?status__exact=done"),
    ("mentorships", "admin:mentoring_mentorship_changelist", ""),
    ("mentorships, accepted", "admin:mentoring_mentorship_changelist", "?status__exact=accepted"),
    ("notifications", "admin:mentoring_notification_changelist", ""),
]


def _check(response, url):
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    user, _ = get_user_model().objects.get_or_create(
        username="admin-timings",
        defaults={"email": "admin-timings@example.test", "is_staff": True, "is_superuser": True},
    )
    client = Client()
    client.force_login(user)
    skill = Skill.objects.order_by("pk").values_list("pk", flat=True).first()

    print(f"{connection.vendor}, {runs} runs after a warm-up")
    for label, name, query in LISTS:
        url = reverse(name) + query.format(skill=skill)
        _check(client.get(url), url)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            _check(response, url)
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{label:26} median {statistics.median(times):8.1f} ms  max {max(times):8.1f} ms"
            f"  {len(queries.captured_queries):2} queries, {sql:7.1f} ms SQL"
        )


if __name__ == "__main__":
    main()
