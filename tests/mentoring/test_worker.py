"""Mail through a real Celery worker and the local Redis, as in production: the worker is a
separate process with its own settings, reading the committed rows from the same
PostgreSQL database (SQLite's in-memory test database is not shared with another process).
With no worker running the mail waits in the queue, and goes out once a worker starts."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from careerpath.celery import app as celery_app
from mentoring import services

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

# Redis database 5 is this suite's; CELERY_TEST_BROKER_URL points elsewhere.
BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
WAIT_SECONDS = 30


def _forget_broker_connections():
    """Drop the app's connections, so the next publish connects to the broker configured
    then (what a fork does for a worker process)."""
    kombu.pools.reset()
    celery_app._after_fork()


@pytest.fixture
def queue():
    """A queue of this test's own, so nothing left in Redis by another run is picked up;
    the test process publishes to Redis instead of running tasks eagerly."""
    name = f"careerpath-test-{uuid.uuid4().hex[:12]}"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    saved["task_default_queue"] = celery_app.conf.task_default_queue
    _forget_broker_connections()
    celery_app.conf.update(broker_url=BROKER_URL, task_always_eager=False, task_default_queue=name)
    yield name
    _forget_broker_connections()
    celery_app.conf.update(saved)
    # the queue and the bindings kombu keeps for it
    redis.Redis.from_url(BROKER_URL).delete(
        name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}"
    )


@pytest.fixture
def start_worker(tmp_path, queue):
    """Start `celery -A careerpath worker` on the queue, against the test database, with
    mail written as files into tmp_path/mail; stop it when the test ends."""
    workers = []

    def start():
        database = settings.DATABASES["default"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careerpath.settings.local",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
                f"/{database['NAME']}"
            ),
            "CELERY_BROKER_URL": BROKER_URL,
            # django-environ reads filemail://<path> as relative: an absolute path needs "//".
            "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        }
        worker = subprocess.Popen(  # noqa: S603 - our own command line, no shell
            [
                sys.executable,
                *("-m", "celery", "-A", "careerpath", "worker"),
                *("--pool", "solo", "--queues", queue, "--loglevel", "INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def mails_in(folder: Path, *, wait: float = 0):
    """Return the mail files written so far, waiting up to `wait` seconds for the first."""
    deadline = time.monotonic() + wait
    while True:
        files = sorted(folder.glob("*.log")) if folder.exists() else []
        if files or time.monotonic() >= deadline:
            return [f.read_text() for f in files]
        time.sleep(0.2)


def worker_output(worker):
    worker.terminate()
    return worker.communicate(timeout=15)[0]


def test_a_mail_waits_in_the_queue_while_no_worker_runs_and_goes_out_once_one_starts(
    learner, queue, start_worker, tmp_path
):
    services.invitation_create(
        learner=learner, email="new.mentor@example.org", base_url="https://careerpath.example/"
    )
    mentorship = learner.mentorships_as_learner.get()
    connection.close()  # the worker must not wait on anything of ours

    time.sleep(1)
    assert mails_in(tmp_path / "mail") == []
    assert redis.Redis.from_url(BROKER_URL).llen(queue) == 1  # waiting, not lost

    worker = start_worker()
    mails = mails_in(tmp_path / "mail", wait=WAIT_SECONDS)

    assert mails, f"no mail within {WAIT_SECONDS} s; worker said:\n{worker_output(worker)}"
    [mail] = mails
    assert "To: new.mentor@example.org" in mail
    assert "Ada Learner asks you to be their mentor" in mail
    assert f"https://careerpath.example/mentoring/invitations/{mentorship.token}/" in mail


def test_a_running_worker_sends_the_notification_of_a_committed_write(
    mail_at_once, learner, mentor, mentorship, queue, start_worker, tmp_path
):
    worker = start_worker()

    services.feedback_add(mentorship=mentorship, mentor=mentor, body="Try target encoding.")
    mails = mails_in(tmp_path / "mail", wait=WAIT_SECONDS)

    assert mails, f"no mail within {WAIT_SECONDS} s; worker said:\n{worker_output(worker)}"
    [mail] = mails
    assert f"To: {learner.email}" in mail
    assert "Grace Mentor left you feedback." in mail
