"""Where the shipped ladder content lives, and the slugs it ships, read without a database."""

import json
from pathlib import Path

from django.conf import settings

LADDER_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "ladder.json"


def shipped_rows():
    """Return the rows of the shipped fixture as JSON, without loading them."""
    return json.loads(LADDER_FIXTURE.read_text(encoding="utf-8"))


def shipped_slugs(model):
    """Return the slugs the fixture ships for a model such as "ladder.level", in file order."""
    return [row["fields"]["slug"] for row in shipped_rows() if row["model"] == model]
