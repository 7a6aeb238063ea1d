"""Mentoring's version target (careerpath/versions.py): a person's counterparts."""

from careerpath.versions import Rows
from profiles.versions import people_changed

from .models import Mentorship


class Counterparts:
    """The version target "everyone in a mentorship with the people these rows belong to":
    their pages show those people's names (a mentor's list, a learner's mentors, feedback and
    sign-offs). `path` leads from a row to the person's account."""

    def __init__(self, path: str):
        self.path = path

    def move(self, rows: Rows) -> None:
        people = list(rows.values(self.path))
        mentorships = Mentorship.objects.involving_any(people)
        people_changed(mentorships.values_list("learner_id", flat=True))
        people_changed(mentorships.exclude(mentor=None).values_list("mentor_id", flat=True))

    def __repr__(self):
        return f"Counterparts({self.path!r})"
