"""The version of the ladder content (careerpath/versions.py): read once per request, moved by
every write of content in the write's own transaction."""

from careerpath import request_memory, versions

from .models import ContentVersion

MEMORY = "ladder"  # its name in the request's memory of versions


def ladder_version() -> int:
    """Return the ladder content's version as this request sees it."""
    return request_memory.remembered(MEMORY, ContentVersion.objects.current)


def content_changed() -> None:
    """Start a new version of the ladder content, in the current transaction."""
    ContentVersion.objects.move()
    request_memory.forget(MEMORY)


class LadderContent:
    """The version target "the ladder's content" (composition/writes.py): every
    page and copy built from the ladder."""

    def move(self, rows: versions.Rows) -> None:
        content_changed()

    def __repr__(self) -> str:
        return "the ladder content"


LADDER_CONTENT = LadderContent()
