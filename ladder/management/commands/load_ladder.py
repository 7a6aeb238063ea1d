from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ladder.loading import FixtureError, load_fixture

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "ladder.json"


class Command(BaseCommand):
    help = (
        "Load the shipped ladder content. Rows already in the database are kept as they "
        "are (admin edits survive) unless --restore is given. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("fixture", nargs="?", default=str(DEFAULT_FIXTURE))
        parser.add_argument(
            "--restore",
            action="store_true",
            help="Overwrite rows that already exist with the shipped content.",
        )

    def handle(self, *args, fixture, restore, **options):
        try:
            result = load_fixture(Path(fixture), restore=restore)
        except FixtureError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Ladder content from {fixture}: {result.created} created, "
                f"{result.updated} restored, {result.kept} kept as they were."
            )
        )
