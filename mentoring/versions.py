"""Mentoring's version target (careerpath/versions.py): people and their counterparts."""

from careerpath.versions import Rows
from profiles.versions import People

from .models import Mentorship


class PeopleAndCounterparts(People):
    """The version target "the people these rows belong to, and everyone in a mentorship
    with them": their counterparts' pages show their name (a mentor's list, a learner's
    mentors, feedback, endorsements and sign-offs)."""

    def people(self, rows: Rows) -> set[int]:
        own = super().people(rows)
        pairs = Mentorship.objects.involving_any(own).values_list("learner_id", "mentor_id")
        return own | {user_id for pair in pairs for user_id in pair}
