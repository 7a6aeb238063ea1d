"""Every URL of the project against every role: who may see what.

A URL added to the project without a row here fails test_every_url_has_a_row_in_the_matrix.
Roles: anonymous, the owner (a learner), another signed-in user, the learner's accepted
mentor, a mentor whose invitation is pending, a mentor whose mentorship ended, a content
editor (staff, "Content editor" group) and a superuser. Object URLs always point at the
owner's objects, or at the relationship of the role under test, so "404 for other people's
objects" is checked for every role.
"""

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careerpath.credentials.models import Credential
from careerpath.outbox.models import Mail
from ladder.groups import CONTENT_EDITOR_GROUP
from mentoring.models import DigestDelivery, Status
from mentoring.preferences import DIGEST
from mentoring.unsubscribe import SALT, unsubscribe_token
from profiles.models import Evidence, SkillRating, SkillRatingChange
from profiles.services import calendar_token_reset, course_progress_set
from tests.captured_rows import capture
from tests.credentials.factories import CredentialFactory
from tests.ladder.factories import (
    CourseFactory,
    LevelFactory,
    PathStepFactory,
    RequirementFactory,
    SkillFactory,
    SpecialisationFactory,
)
from tests.mentoring.factories import (
    CheckInFactory,
    FeedbackFactory,
    FrozenCheckInFactory,
    MentorshipFactory,
)
from tests.profiles.factories import (
    EvidenceFactory,
    ExperienceFactory,
    ProjectFactory,
    SkillRatingFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "owner",
    "other",
    "mentor",
    "pending_mentor",
    "ended_mentor",
    "editor",
    "superuser",
]
SIGNED_IN = ROLES[1:]

OK, BAD_REQUEST, NOT_FOUND, FORBIDDEN, NOT_ALLOWED = 200, 400, 404, 403, 405
LOGIN = "login"  # redirected to the site's log-in page
ADMIN_LOGIN = "admin login"  # redirected to the admin's log-in page
REDIRECT = "redirect"  # any other redirect (e.g. after a successful POST)


@dataclass
class Row:
    method: str
    url: object  # (scenario, role) -> path
    expected: dict = field(default_factory=dict)


def row(method, url, *, default, **per_role):
    return Row(method, url, {role: per_role.get(role, default) for role in ROLES})


def everyone(method, url, outcome):
    return row(method, url, default=outcome)


def own_page(method, url, signed_in=OK):
    """A page about the signed-in user themself: every signed-in role gets their own."""
    return row(method, url, default=signed_in, anonymous=LOGIN)


def owner_only(method, url, owner=OK):
    return row(method, url, default=NOT_FOUND, anonymous=LOGIN, owner=owner)


def mentor_only(method, url, mentor=OK):
    """A page of the accepted mentor's about their mentee: nobody else, the learner included."""
    return row(method, url, default=NOT_FOUND, anonymous=LOGIN, mentor=mentor)


def name_url(name, **kwargs):
    return lambda s, role: reverse(name, kwargs=kwargs or None)


def mentorship_of(role):
    """The relationship a role is part of; roles outside any use the accepted one."""
    return {"pending_mentor": "pending", "ended_mentor": "ended"}.get(role, "accepted")


MATRIX = {
    # health endpoints for load balancers
    "healthz": everyone("get", name_url("healthz"), OK),
    "readyz": everyone("get", name_url("readyz"), OK),
    # for crawlers and browsers
    "robots": everyone("get", name_url("robots"), OK),
    "sitemap": everyone("get", name_url("sitemap"), OK),
    "favicon": everyone("get", name_url("favicon"), REDIRECT),
    # the public ladder
    "ladder:home": everyone("get", name_url("ladder:home"), OK),
    "ladder:levels": everyone("get", name_url("ladder:levels"), OK),
    "ladder:level": everyone("get", lambda s, r: s.level.get_absolute_url(), OK),
    "ladder:skills": everyone("get", name_url("ladder:skills"), OK),
    "ladder:skill": everyone("get", lambda s, r: s.skill.get_absolute_url(), OK),
    "ladder:faq": everyone("get", name_url("ladder:faq"), OK),
    "ladder:role": everyone("get", name_url("ladder:role"), OK),
    "ladder:careers": everyone("get", name_url("ladder:careers"), OK),
    "ladder:specialisations": everyone("get", name_url("ladder:specialisations"), OK),
    "ladder:specialisation": everyone("get", lambda s, r: s.specialisation.get_absolute_url(), OK),
    # the path in: anyone reads it; signed-in people mark their own steps
    "profiles:path": everyone("get", name_url("profiles:path"), OK),
    "profiles:path_step": own_page(
        "post", lambda s, r: reverse("profiles:path_step", args=[s.step.slug]), signed_in=REDIRECT
    ),
    # the learner's own pages
    "profiles:dashboard": own_page("get", name_url("profiles:dashboard")),
    "profiles:profile": own_page("get", name_url("profiles:profile")),
    "profiles:goals": own_page("get", name_url("profiles:goals")),
    "profiles:compare": own_page("get", name_url("profiles:compare")),
    "profiles:target_set": own_page(
        "post",
        lambda s, r: reverse("profiles:target_set", args=[s.level.slug]),
        signed_in=REDIRECT,
    ),
    "profiles:plan": own_page("get", name_url("profiles:plan")),
    "profiles:course_state": own_page(
        "post",
        lambda s, r: reverse("profiles:course_state", args=[s.course.pk]),
        signed_in=REDIRECT,  # each person sets the state of the course for themself
    ),
    # a course the owner marked done, offered as evidence: nobody else has it done
    "profiles:course_evidence": owner_only(
        "post",
        lambda s, r: reverse("profiles:course_evidence", args=[s.course.pk]),
        owner=REDIRECT,
    ),
    "profiles:calendar_reset": own_page("get", name_url("profiles:calendar_reset")),
    # the calendar feed: whoever has its secret address, signed in or not (calendar apps)
    "profiles:calendar_feed": everyone(
        "get", lambda s, r: reverse("profiles:calendar_feed", args=[s.calendar_token]), OK
    ),
    "profiles:experience": own_page("get", name_url("profiles:experience")),
    "profiles:skills": own_page("get", name_url("profiles:skills")),
    "profiles:projects": own_page("get", name_url("profiles:projects")),
    "profiles:project_create": own_page("get", name_url("profiles:project_create")),
    "account_export": own_page("get", name_url("account_export")),
    "profiles:account_delete": own_page("get", name_url("profiles:account_delete")),
    "profiles:experience_edit": owner_only(
        "get", lambda s, r: reverse("profiles:experience_edit", args=[s.experience.pk])
    ),
    "profiles:experience_delete": owner_only(
        "post",
        lambda s, r: reverse("profiles:experience_delete", args=[s.experience.pk]),
        owner=REDIRECT,
    ),
    "profiles:project_edit": owner_only(
        "get", lambda s, r: reverse("profiles:project_edit", args=[s.project.pk])
    ),
    "profiles:project_delete": owner_only(
        "post",
        lambda s, r: reverse("profiles:project_delete", args=[s.project.pk]),
        owner=REDIRECT,
    ),
    # evidence: a skill's page is everyone's own; a project's and a removal only the owner's
    "profiles:skill_evidence": own_page(
        "get", lambda s, r: reverse("profiles:skill_evidence", args=[s.skill.slug])
    ),
    "profiles:project_evidence": owner_only(
        "get", lambda s, r: reverse("profiles:project_evidence", args=[s.project.pk])
    ),
    "profiles:evidence_delete": owner_only(
        "post",
        lambda s, r: reverse("profiles:evidence_delete", args=[s.evidence.pk]),
        owner=REDIRECT,
    ),
    # a private profile: its public link shows nothing to anybody but the owner
    "profiles:public": row(
        "get",
        lambda s, r: s.owner.profile.get_public_url(),
        default=NOT_FOUND,
        owner=OK,
    ),
    # mentoring
    "mentoring:home": own_page("get", name_url("mentoring:home")),
    "mentoring:invite": own_page("get", name_url("mentoring:invite")),
    "mentoring:notifications_read": own_page(
        "post", name_url("mentoring:notifications_read"), signed_in=REDIRECT
    ),
    # what reaches a person: their own notifications and settings
    "notifications:list": own_page("get", name_url("notifications:list")),
    "notifications:settings": own_page("get", name_url("notifications:settings")),
    # the one-click unsubscribe link: the token says whose settings, for anyone holding it
    # (a mail client has no cookies); a forged one is refused whoever follows it
    "notifications:unsubscribe": everyone("get", lambda s, r: s.unsubscribe_path, OK),
    "notifications:unsubscribe (one click)": everyone("post", lambda s, r: s.unsubscribe_path, OK),
    "notifications:unsubscribe (forged)": everyone(
        "get", lambda s, r: s.forged_unsubscribe_path, BAD_REQUEST
    ),
    "notifications:unsubscribe (forged, one click)": everyone(
        "post", lambda s, r: s.forged_unsubscribe_path, BAD_REQUEST
    ),
    "mentoring:invitation": row(
        "get",
        lambda s, r: reverse("mentoring:invitation", args=[s.pending.token]),
        default=NOT_FOUND,
        anonymous=OK,  # asks to log in; shows no name
        owner=OK,
        pending_mentor=OK,
    ),
    "mentoring:accept": row(
        "post",
        lambda s, r: reverse("mentoring:accept", args=[s.pending.token]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=REDIRECT,  # refused with a message: only the invitee may accept
        pending_mentor=REDIRECT,
    ),
    "mentoring:decline": row(
        "post",
        lambda s, r: reverse("mentoring:decline", args=[s.pending.token]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=REDIRECT,
        pending_mentor=REDIRECT,
    ),
    "mentoring:cancel": owner_only(
        "post", lambda s, r: reverse("mentoring:cancel", args=[s.pending.pk]), owner=REDIRECT
    ),
    "mentoring:end": row(
        "get",
        lambda s, r: reverse("mentoring:end", args=[s.accepted.pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:mentee": mentor_only(
        "get", lambda s, r: reverse("mentoring:mentee", args=[s.mentorship(r).pk])
    ),
    "mentoring:feedback": mentor_only(
        "post",
        lambda s, r: reverse("mentoring:feedback", args=[s.mentorship(r).pk]),
        mentor=OK,  # the empty form comes back with its error
    ),
    "mentoring:endorse": mentor_only(
        "post",
        lambda s, r: reverse("mentoring:endorse", args=[s.mentorship(r).pk, s.skill.slug]),
        mentor=REDIRECT,
    ),
    "mentoring:review": mentor_only(
        "post",
        lambda s, r: reverse("mentoring:review", args=[s.mentorship(r).pk]),
        mentor=REDIRECT,  # nothing chosen: back to the page with a message
    ),
    # a feedback thread: its learner and its (accepted) mentor
    "mentoring:thread": row(
        "get",
        lambda s, r: reverse("mentoring:thread", args=[s.feedback.pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:reply": row(
        "post",
        lambda s, r: reverse("mentoring:reply", args=[s.feedback.pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,  # the empty form comes back with its error
        mentor=OK,
    ),
    "mentoring:sign_off": mentor_only(
        "post",
        lambda s, r: reverse("mentoring:sign_off", args=[s.mentorship(r).pk, s.project.pk]),
        mentor=REDIRECT,
    ),
    # check-ins: the signed-in user's own list; a check-in to its learner and its mentor
    # while the mentorship lasts (an ended one's learner sees only the agreed ones)
    "mentoring:check_ins": own_page("get", name_url("mentoring:check_ins")),
    "mentoring:check_in_start": own_page("get", name_url("mentoring:check_in_start")),
    "mentoring:check_in": row(
        "get",
        lambda s, r: s.check_in_of(r).get_absolute_url(),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:check_in_ics": row(
        "get",
        lambda s, r: reverse("mentoring:check_in_ics", args=[s.check_in_of(r).pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:check_in_rate": row(
        "post",
        lambda s, r: reverse("mentoring:check_in_rate", args=[s.check_in_of(r).pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,  # the empty form comes back with its error
        mentor=OK,
    ),
    "mentoring:check_in_result": row(
        "post",
        lambda s, r: reverse("mentoring:check_in_result", args=[s.check_in_of(r).pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:check_in_cancel": row(
        "get",
        lambda s, r: reverse("mentoring:check_in_cancel", args=[s.check_in_of(r).pk]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    "mentoring:check_in_compare": row(
        "get",
        lambda s, r: (
            reverse("mentoring:check_in_compare")
            + f"?a={s.agreed_check_ins[0].pk}&b={s.agreed_check_ins[1].pk}"
        ),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
    ),
    # accounts (django-allauth): signed-in people are sent on from log-in and sign-up
    "account_login": row("get", name_url("account_login"), default=REDIRECT, anonymous=OK),
    "account_signup": row("get", name_url("account_signup"), default=REDIRECT, anonymous=OK),
    "account_logout": row("get", name_url("account_logout"), default=OK, anonymous=REDIRECT),
    "account_inactive": everyone("get", name_url("account_inactive"), OK),
    "account_reauthenticate": own_page("get", name_url("account_reauthenticate")),
    # re-authentication by an e-mailed code is switched off: only the password is asked for
    "account_request_reauthentication_code": own_page(
        "get", name_url("account_request_reauthentication_code"), signed_in=FORBIDDEN
    ),
    "account_confirm_reauthentication_code": own_page(
        "get", name_url("account_confirm_reauthentication_code"), signed_in=FORBIDDEN
    ),
    "account_email": own_page("get", name_url("account_email")),
    "account_email_verification_sent": everyone(
        "get", name_url("account_email_verification_sent"), OK
    ),
    "account_confirm_email": everyone(
        "get", name_url("account_confirm_email", key="not-a-real-key"), OK
    ),
    "account_change_password": own_page("get", name_url("account_change_password")),
    "account_set_password": own_page("get", name_url("account_set_password"), signed_in=REDIRECT),
    "account_reset_password": everyone("get", name_url("account_reset_password"), OK),
    "account_reset_password_done": everyone("get", name_url("account_reset_password_done"), OK),
    "account_reset_password_from_key": everyone(
        "get",
        name_url("account_reset_password_from_key", uidb36="zz", key="not-a-real-key"),
        OK,
    ),
    "account_reset_password_from_key_done": everyone(
        "get", name_url("account_reset_password_from_key_done"), OK
    ),
    # credentials: anyone verifies one with its link and reads the keys and status lists;
    # the holder lists, shows and revokes theirs, the mentor who confirmed one revokes it
    "credentials:did": everyone("get", name_url("credentials:did"), OK),
    "credentials:status": everyone("get", name_url("credentials:status", number=1), OK),
    "credentials:detail": everyone("get", lambda s, r: s.credential.get_absolute_url(), OK),
    "credentials:jwt": everyone(
        "get", lambda s, r: reverse("credentials:jwt", args=[s.credential.public_id]), OK
    ),
    "credentials:json": everyone(
        "get", lambda s, r: reverse("credentials:json", args=[s.credential.public_id]), OK
    ),
    "credentials:list": own_page("get", name_url("credentials:list")),
    "credentials:confirmed": own_page("get", name_url("credentials:confirmed")),
    "credentials:publish": owner_only(
        "post",
        lambda s, r: reverse("credentials:publish", args=[s.credential.public_id]),
        owner=REDIRECT,
    ),
    "credentials:revoke": row(
        "get",
        lambda s, r: reverse("credentials:revoke", args=[s.credential.public_id]),
        default=NOT_FOUND,
        anonymous=LOGIN,
        owner=OK,
        mentor=OK,
        superuser=OK,
    ),
    # the admin's log-in is the site's (allauth's secure_admin_login, so its rate limits
    # hold): visitors are sent there, staff on to the admin, anybody else is refused
    "admin:login": row(
        "get",
        name_url("admin:login"),
        default=FORBIDDEN,
        anonymous=LOGIN,
        editor=REDIRECT,
        superuser=REDIRECT,
    ),
    # no login code was requested: anonymous visitors go back to log in, others on
    "account_confirm_login_code": row(
        "get", name_url("account_confirm_login_code"), default=REDIRECT, anonymous=LOGIN
    ),
}


# Ratings and their history change only through the learner's own saves (history chained);
# mail only through the outbox; evidence only through its owner's pages.
# mail only through the outbox; a week's digest only through the digest run.
# Credentials only through issuing (careerpath/credentials/services.py).
NOBODY_ADDS = {
    (SkillRating, "add"),
    (SkillRatingChange, "add"),
    (Mail, "add"),
    (DigestDelivery, "add"),
    (Credential, "add"),
    (Evidence, "add"),  # a learner's own statement: added by them only
}


def _admin_model_rows():
    """Rows for the admin: ladder content for editors and superusers, user data for
    superusers only, nothing for anybody else."""
    rows = {
        "admin:index": row(
            "get", name_url("admin:index"), default=ADMIN_LOGIN, editor=OK, superuser=OK
        )
    }
    for model in admin.site._registry:
        opts = model._meta
        editor = OK if opts.app_label == "ladder" else FORBIDDEN
        for action in ("changelist", "add"):
            name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
            superuser = FORBIDDEN if (model, action) in NOBODY_ADDS else OK
            rows[name] = row(
                "get", name_url(name), default=ADMIN_LOGIN, editor=editor, superuser=superuser
            )
    return rows


def admin_object_url(name, attr):
    """The admin page `name` of the scenario's object held in attribute `attr`."""
    return lambda s, r: reverse(name, args=[getattr(s, attr).pk])


ADMIN_MATRIX = _admin_model_rows()
# Object pages of the admin, checked on one ladder object and one piece of user data.
ADMIN_OBJECT_ROWS = {
    f"admin:{app}_{model}_{action}": row(
        "get",
        admin_object_url(f"admin:{app}_{model}_{action}", attr),
        default=ADMIN_LOGIN,
        editor=OK if app == "ladder" else FORBIDDEN,
        superuser=OK,
    )
    for app, model, attr in [("ladder", "level", "level"), ("profiles", "profile", "profile")]
    for action in ("change", "history", "delete")
}
# Admin URLs that are the admin's own machinery rather than a model's pages.
ADMIN_MACHINERY = {
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
}
ADMIN_OBJECT_ACTIONS = ("_change", "_delete", "_history")


def _all_url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_a_row_in_the_matrix():
    missing = []
    for name in set(_all_url_names()):
        if name in MATRIX or name in ADMIN_MATRIX or name in ADMIN_MACHINERY:
            continue
        if name.startswith("admin:") and name.endswith(ADMIN_OBJECT_ACTIONS):
            continue  # a registered model's object page: same rule as ADMIN_OBJECT_ROWS
        missing.append(name)
    assert not missing, f"URLs with no row in the access matrix: {sorted(missing)}"


class Scenario:
    def __init__(self):
        self.level = LevelFactory(order=1)
        next_level = LevelFactory(order=2)
        self.skill = SkillFactory(level=self.level)
        RequirementFactory(level=next_level, skill=self.skill)
        self.specialisation = SpecialisationFactory(builds_on=self.skill)
        self.step = PathStepFactory(skills=[self.skill])
        self.course = CourseFactory(skills=[self.skill])
        self.users = {role: self._user(role) for role in SIGNED_IN}
        self.owner = self.users["owner"]
        self.profile = self.owner.profile
        self.experience = ExperienceFactory(user=self.owner)
        self.project = ProjectFactory(user=self.owner)
        self.evidence = EvidenceFactory(user=self.owner, skill=self.skill)
        SkillRatingFactory(user=self.owner, skill=self.skill, proficiency=2)
        self.accepted = self._mentorship("mentor", Status.ACCEPTED)
        self.pending = self._mentorship("pending_mentor", Status.PENDING)
        self.ended = self._mentorship("ended_mentor", Status.ENDED)
        self.feedback = FeedbackFactory(mentorship=self.accepted)
        self.check_ins = {
            name: CheckInFactory(mentorship=mentorship, skills=[self.skill])
            for name, mentorship in (
                ("accepted", self.accepted),
                ("pending", self.pending),
                ("ended", self.ended),
            )
        }
        self.agreed_check_ins = FrozenCheckInFactory.create_batch(2, mentorship=self.accepted)
        self.unsubscribe_path = reverse(
            "notifications:unsubscribe", args=[unsubscribe_token(self.owner, DIGEST)]
        )
        forged = signing.dumps({"u": self.owner.pk, "w": DIGEST}, salt=SALT, key="guessed")
        self.forged_unsubscribe_path = reverse("notifications:unsubscribe", args=[forged])
        self.credential = CredentialFactory(holder=self.owner, confirmed_by=self.users["mentor"])
        self.calendar_token = calendar_token_reset(user=self.owner)
        course_progress_set(user=self.owner, course=self.course, state="done")

    def _user(self, role):
        user = UserFactory(
            username=role,
            is_staff=role in ("editor", "superuser"),
            is_superuser=role == "superuser",
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if role == "editor":
            user.groups.add(Group.objects.get(name=CONTENT_EDITOR_GROUP))
        return user

    def _mentorship(self, role, status):
        mentor = self.users[role]
        return MentorshipFactory(
            learner=self.owner, mentor=mentor, invitee_email=mentor.email, status=status
        )

    def mentorship(self, role):
        return getattr(self, mentorship_of(role))

    def check_in_of(self, role):
        """The check-in under way in the role's relationship (the accepted one for others)."""
        return self.check_ins[mentorship_of(role)]


def _outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("account_login")):
            return LOGIN
        return REDIRECT
    return response.status_code


CASES = [
    pytest.param(name, role, id=f"{name}-{role}")
    for matrix in (MATRIX, ADMIN_MATRIX, ADMIN_OBJECT_ROWS)
    for name in matrix
    for role in ROLES
]
ALL_ROWS = {**MATRIX, **ADMIN_MATRIX, **ADMIN_OBJECT_ROWS}


@pytest.fixture(scope="module")
def built_scenario(django_db_setup, django_db_blocker):
    """The scenario's rows, built once for the module's 1,200 cases."""
    with django_db_blocker.unblock():
        made = []
        rows = capture(lambda: made.append(Scenario()))
    return made[0], rows


@pytest.fixture
def scenario(db, built_scenario):
    """The scenario, its rows put back in this test's transaction."""
    made, rows = built_scenario
    rows.restore()
    return made


@pytest.mark.parametrize(("name", "role"), CASES)
def test_access(client, scenario, name, role):
    entry = ALL_ROWS[name]
    if role != "anonymous":
        client.force_login(scenario.users[role])
    url = entry.url(scenario, role)
    response = getattr(client, entry.method)(url)
    assert _outcome(response) == entry.expected[role], f"{entry.method.upper()} {url} as {role}"
