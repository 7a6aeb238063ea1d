"""The Celery app: tasks are found in each app's tasks.py, settings are the CELERY_* ones.

Processes in production: `celery -A careerpath worker` runs tasks, `celery -A careerpath
beat` queues the periodic ones (CELERY_BEAT_SCHEDULE). With no CELERY_BROKER_URL, tasks run
eagerly in the process that queues them (development, tests)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.settings.local")

app = Celery("careerpath")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
