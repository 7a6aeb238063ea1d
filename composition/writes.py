"""What a write changes: the one table of which data versions each model's writes move
(careerpath/versions.py explains versions).

Every model of the project is either in WRITES, with the versions its saves, deletes and
many-to-many changes move, or in EXEMPT with the reason nothing cached shows it. `connect()`
walks the app registry at start-up and registers each model of WRITES; a model in neither
table is an error of `manage.py check` (checks.py) and fails the test suite.

The targets:
- LADDER_CONTENT: the ladder snapshot and every page built from it (ladder/versions.py);
- People(*paths): the people the rows belong to, each path leading from a row to an
  account: their own pages, and their mentors' views of them (profiles/versions.py);
- PeopleAndCounterparts(path): those people and everyone in a mentorship with them, whose
  pages show their name (mentoring/versions.py).

Each write moves all the people it names at once, their rows locked in the order of their
ids, so two writes that move the same people never deadlock.
"""

from allauth.account.models import EmailAddress, EmailConfirmation
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Model

from careerpath import versions
from careerpath.credentials.models import Credential, StatusCounter
from careerpath.outbox.models import Mail
from careerpath.versions import Moves
from ladder import models as ladder
from ladder.versions import LADDER_CONTENT
from mentoring.models import (
    CheckIn,
    CheckInRating,
    DigestDelivery,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    NotificationSettings,
    SignOff,
)
from mentoring.versions import PeopleAndCounterparts
from profiles.models import (
    AccountSession,
    CourseProgress,
    Evidence,
    Experience,
    PathStepDone,
    Profile,
    Project,
    SkillRating,
    SkillRatingChange,
)
from profiles.versions import People

CONTENT = (
    ladder.Track,
    ladder.Level,
    ladder.Responsibility,
    ladder.SkillArea,
    ladder.Skill,
    ladder.Course,
    ladder.ProjectTemplate,
    ladder.Requirement,
    ladder.JobResponsibility,
    ladder.CareerDirection,
    ladder.PathStep,
    ladder.Specialisation,
)
CONTENT_LINKS = (
    ladder.Course.skills.through,
    ladder.ProjectTemplate.skills.through,
    ladder.PathStep.skills.through,
    ladder.PathStep.courses.through,
    ladder.PathStep.project_templates.through,
    ladder.Specialisation.skills.through,
    ladder.Specialisation.project_templates.through,
)

OWNER = Moves((People("user"),))

WRITES: dict[type[Model], Moves] = {
    # Ladder content: the snapshot, and every page and summary built from it.
    **{model: Moves((LADDER_CONTENT,)) for model in (*CONTENT, *CONTENT_LINKS)},
    # A person's own data: their pages, and their mentors' views of them. The profile holds
    # the display name, which their counterparts' pages show too.
    Profile: Moves((PeopleAndCounterparts("user"),)),
    Profile.specialisations.through: Moves((People("profile__user"),)),
    SkillRating: OWNER,
    SkillRatingChange: OWNER,
    Experience: OWNER,
    Project: OWNER,
    Project.skills.through: Moves((People("project__user"),)),
    PathStepDone: OWNER,
    # a course's state: the owner's advice, plan and dashboard ("On track") show it
    CourseProgress: OWNER,
    # Evidence shows on the person's pages, their mentors' mentee page (kept under the
    # learner's version) and their public profile.
    Evidence: OWNER,
    # The account: its e-mail address names a person who has no display name. A log-in saves
    # only `last_login`, which no page shows.
    User: Moves((PeopleAndCounterparts("id"),), unless_only=frozenset({"last_login"})),
    # Mentoring: a relationship shows on both people's pages; what a mentor gives (feedback,
    # endorsements, sign-offs) on the learner's, and on the mentor's view of the learner.
    Mentorship: Moves((People("learner", "mentor"),)),
    Feedback: Moves((People("mentorship__learner"),)),
    # A reply shows in the thread of both sides: the learner's /mentoring/ and the mentee
    # page of the mentor.
    FeedbackReply: Moves(
        (People("feedback__mentorship__learner", "feedback__mentorship__mentor"),)
    ),
    Endorsement: Moves((People("mentorship__learner"),)),
    SignOff: Moves((People("mentorship__learner"),)),
    Notification: OWNER,
    # A check-in shows on the learner's pages (the list, the dashboard's chart) and on the
    # mentor's (upcoming and overdue check-ins on /mentoring/): both sides' versions.
    CheckIn: Moves((People("mentorship__learner", "mentorship__mentor"),)),
    CheckIn.skills.through: Moves(
        (People("checkin__mentorship__learner", "checkin__mentorship__mentor"),)
    ),
    CheckInRating: Moves(
        (People("check_in__mentorship__learner", "check_in__mentorship__mentor"),)
    ),
    # A credential shows on its holder's pages (their list, the public profile's section).
    # Its public verification page is kept by the status lists' version (StatusCounter).
    Credential: Moves((People("holder"),)),
}


def _history_of(model: type[Model]) -> list[type[Model]]:
    """Return the tables django-simple-history keeps `model`'s history in."""
    history = model.history.model  # type: ignore[attr-defined]  # added by HistoricalRecords
    return [history, *(getattr(history, f.name).model for f in history._history_m2m_fields)]


HISTORY_SHOWN_ONLY_IN_THE_ADMIN = "change history: shown only in the admin, never cached"

EXEMPT: dict[type[Model], str] = {
    ladder.ContentVersion: "it is the ladder's version itself",
    **{
        history: HISTORY_SHOWN_ONLY_IN_THE_ADMIN
        for model in CONTENT
        for history in _history_of(model)
    },
    Session: "Django's own session table, no longer written (profiles.AccountSession)",
    AccountSession: "a signed-in browser's session: read by the middleware, shown by no page",
    LogEntry: "the admin's own log, shown only in the admin",
    ContentType: "Django's table of models",
    Permission: "permissions: checked, never shown in a cached part",
    Group: "groups of staff: checked, never shown in a cached part",
    Group.permissions.through: "permissions of groups: checked, never shown",
    User.groups.through: "a staff member's groups: checked, never shown",
    User.user_permissions.through: "a staff member's permissions: checked, never shown",
    EmailAddress: (
        "shown only on allauth's own e-mail page, which is not cached; a new primary address "
        "saves the User, which is in WRITES"
    ),
    EmailConfirmation: "a pending confirmation, read only when its link is followed",
    Mail: "the outbox: read by the tasks that send it and by the admin, never cached",
    DigestDelivery: (
        "when a weekly digest was queued: read by the digest task and the admin, shown by no "
        "page (100,000 rows a week must not move 100,000 people's versions)"
    ),
    NotificationSettings: (
        "what reaches a person by e-mail: read when a notification is made and by the "
        "digest, shown only on the settings page, which is not cached"
    ),
    StatusCounter: (
        "it is the status lists' own version (careerpath/credentials/status.py), moved by "
        "every revocation in its transaction"
    ),
}


def unaccounted() -> list[str]:
    """Return the models that are neither in WRITES nor in EXEMPT."""
    return [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model not in WRITES and model not in EXEMPT
    ]


def connect() -> None:
    """Register every model of WRITES with careerpath.versions (once, at start-up)."""
    for model in apps.get_models(include_auto_created=True):
        if model in WRITES:
            versions.register(model, WRITES[model])
