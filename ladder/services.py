"""Writes to ladder content beyond the admin's own forms."""

from django.db import transaction

RETIRED_REASON = "Retired"
BROUGHT_BACK_REASON = "Brought back"


def _retired_set(objects, *, retired: bool) -> list:
    changed = []
    for obj in objects:
        if obj.retired == retired:
            continue
        obj.retired = retired
        # Kept in the object's history, with the editor the history middleware knows.
        obj._change_reason = RETIRED_REASON if retired else BROUGHT_BACK_REASON
        obj.save(update_fields=["retired"])
        changed.append(obj)
    return changed


@transaction.atomic
def content_retire(*, objects) -> list:
    """Retire levels, skills, courses or project templates; return those that changed.

    Retired content leaves the pages, the assessment and the advice; people's data that
    refers to it stays as it is."""
    return _retired_set(objects, retired=True)


@transaction.atomic
def content_bring_back(*, objects) -> list:
    """Undo content_retire; return the objects that changed."""
    return _retired_set(objects, retired=False)
