"""Fixture rows carry their history already: keep django-simple-history from adding its own."""

from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model


def skip_history_of_fixture_rows(sender, instance, raw, **kwargs):
    """Mark a row saved raw (loaddata, load_ladder) so that its many-to-many values, which
    the deserializer sets right after the save, write no historical row.

    simple-history skips raw saves but records every many-to-many change. Restoring a
    backup with `loaddata` then added a history row per course and project template on
    top of the restored history: on PostgreSQL its id, taken from a sequence loaddata has
    not reset yet, collided with a restored one (IntegrityError); on SQLite the restored
    site had more history than the backup. load_ladder records its rows' history itself.
    """
    if not raw:
        return
    try:
        get_history_manager_for_model(sender)
    except NotHistoricalModelError:
        return
    instance.skip_history_when_saving = True
