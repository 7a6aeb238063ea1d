"""Queue this week's digests of everyone whose digest day has come and who has not had this
week's (what the hourly beat task does):

    manage.py send_digests                 # a build task per chunk of 500 people
    manage.py send_digests --chunk 200

With a broker the chunks are built by the workers; without one (development, or
CELERY_TASK_ALWAYS_EAGER=1) they are built here, one after the other. Running it twice, or
again after a run that stopped midway, sends nobody a second digest this week.
"""

from django.core.management.base import BaseCommand

from ...digest import CHUNK, digests_queue


class Command(BaseCommand):
    help = "Queue this week's digests of the people whose digest day has come."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=CHUNK, help="people per build task")

    def handle(self, *args, chunk, **options):
        people = digests_queue(chunk=chunk)
        chunks = -(-people // chunk)
        self.stdout.write(
            self.style.SUCCESS(f"Queued the digests of {people} people in {chunks} chunks.")
        )
