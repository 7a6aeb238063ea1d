"""Every page the accessibility sweep visits, in one place: (URL name, role, path).

A URL name of the access matrix that a person can open in a browser must be listed here or
in NOT_SWEPT with the reason (tests/browser/test_accessibility.py checks both ways), so a
new page is swept as soon as it is added."""

from django.urls import reverse

from ladder.models import (
    CareerDirection,
    Course,
    JobResponsibility,
    Level,
    PathStep,
    ProjectTemplate,
    Requirement,
    Skill,
    SkillArea,
    Specialisation,
    Track,
)
from mentoring.preferences import DIGEST
from mentoring.unsubscribe import unsubscribe_token


def _url(name, *args):
    return lambda s: reverse(name, args=args or None)


PAGES = [
    # signed out
    ("ladder:home", "anonymous", _url("ladder:home")),
    ("ladder:levels", "anonymous", _url("ladder:levels")),
    ("ladder:level", "anonymous", lambda s: Level.objects.main().get(order=3).get_absolute_url()),
    ("ladder:skills", "anonymous", _url("ladder:skills")),
    ("ladder:skill", "anonymous", lambda s: reverse("ladder:skill", args=["python"])),
    ("ladder:faq", "anonymous", _url("ladder:faq")),
    ("ladder:role", "anonymous", _url("ladder:role")),
    ("ladder:careers", "anonymous", _url("ladder:careers")),
    ("ladder:specialisations", "anonymous", _url("ladder:specialisations")),
    (
        "ladder:specialisation",
        "anonymous",
        lambda s: Specialisation.objects.order_by("order")[0].get_absolute_url(),
    ),
    ("profiles:path", "anonymous", _url("profiles:path")),
    ("account_login", "anonymous", _url("account_login")),
    ("account_signup", "anonymous", _url("account_signup")),
    ("account_reset_password", "anonymous", _url("account_reset_password")),
    ("account_reset_password_done", "anonymous", _url("account_reset_password_done")),
    (
        "account_reset_password_from_key_done",
        "anonymous",
        _url("account_reset_password_from_key_done"),
    ),
    (
        "account_reset_password_from_key",
        "anonymous",
        lambda s: reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "x-y"}),
    ),
    ("account_inactive", "anonymous", _url("account_inactive")),
    ("account_email_verification_sent", "anonymous", _url("account_email_verification_sent")),
    (
        "account_confirm_email",
        "anonymous",
        lambda s: reverse("account_confirm_email", kwargs={"key": "not-a-real-key"}),
    ),
    ("mentoring:invitation", "anonymous", lambda s: s.invitation_url),
    (
        "notifications:unsubscribe",
        "anonymous",
        lambda s: reverse("notifications:unsubscribe", args=[unsubscribe_token(s.learner, DIGEST)]),
    ),
    ("profiles:public", "anonymous", lambda s: s.learner.profile.get_public_url()),
    ("credentials:detail", "anonymous", lambda s: s.credential.get_absolute_url()),
    # the learner
    ("profiles:dashboard", "learner", _url("profiles:dashboard")),
    ("profiles:skills", "learner", _url("profiles:skills")),
    ("profiles:profile", "learner", _url("profiles:profile")),
    ("profiles:goals", "learner", _url("profiles:goals")),
    ("profiles:compare", "learner", _url("profiles:compare")),
    ("profiles:plan", "learner", _url("profiles:plan")),
    ("profiles:calendar_reset", "learner", _url("profiles:calendar_reset")),
    ("profiles:path", "learner", _url("profiles:path")),
    ("profiles:experience", "learner", _url("profiles:experience")),
    ("profiles:experience_edit", "learner", lambda s: s.experience_edit_url),
    ("profiles:experience_delete", "learner", lambda s: s.experience_delete_url),
    ("profiles:projects", "learner", _url("profiles:projects")),
    ("profiles:project_create", "learner", _url("profiles:project_create")),
    ("profiles:project_edit", "learner", lambda s: s.project_edit_url),
    ("profiles:project_delete", "learner", lambda s: s.project_delete_url),
    (
        "profiles:skill_evidence",
        "learner",
        lambda s: reverse("profiles:skill_evidence", args=["python"]),
    ),
    (
        "profiles:skill_evidence",
        "learner",
        lambda s: reverse("profiles:skill_evidence", args=["python-2"]),  # retired
    ),
    ("profiles:project_evidence", "learner", lambda s: s.project_evidence_url),
    ("profiles:evidence_delete", "learner", lambda s: s.evidence_delete_url),
    ("profiles:account_delete", "learner", _url("profiles:account_delete")),
    ("credentials:list", "learner", _url("credentials:list")),
    ("credentials:detail", "learner", lambda s: s.credential.get_absolute_url()),
    ("mentoring:home", "learner", _url("mentoring:home")),
    ("mentoring:invite", "learner", _url("mentoring:invite")),
    ("notifications:list", "learner", _url("notifications:list")),
    ("notifications:settings", "learner", _url("notifications:settings")),
    ("mentoring:end", "learner", lambda s: reverse("mentoring:end", args=[s.mentorship.pk])),
    ("mentoring:thread", "learner", lambda s: reverse("mentoring:thread", args=[s.feedback.pk])),
    ("mentoring:check_ins", "learner", _url("mentoring:check_ins")),
    ("mentoring:check_in_start", "learner", _url("mentoring:check_in_start")),
    ("mentoring:check_in", "learner", lambda s: s.agreed_check_ins[0].get_absolute_url()),
    ("mentoring:check_in", "learner", lambda s: s.side_by_side.get_absolute_url()),
    ("mentoring:check_in", "learner", lambda s: s.rating.get_absolute_url()),
    (
        "mentoring:check_in_cancel",
        "learner",
        lambda s: reverse("mentoring:check_in_cancel", args=[s.rating.pk]),
    ),
    (
        "mentoring:check_in_compare",
        "learner",
        lambda s: (
            reverse("mentoring:check_in_compare")
            + f"?a={s.agreed_check_ins[0].pk}&b={s.agreed_check_ins[1].pk}"
        ),
    ),
    ("ladder:levels", "learner", _url("ladder:levels")),
    ("ladder:level", "learner", lambda s: Level.objects.main().get(order=2).get_absolute_url()),
    ("ladder:level", "learner", lambda s: reverse("ladder:level", args=["ml-architect"])),
    ("ladder:level", "learner", lambda s: reverse("ladder:level", args=["research-scientist"])),
    ("ladder:skill", "learner", lambda s: reverse("ladder:skill", args=["python"])),
    ("ladder:skill", "learner", lambda s: reverse("ladder:skill", args=["python-2"])),  # retired
    ("account_email", "learner", _url("account_email")),
    ("account_change_password", "learner", _url("account_change_password")),
    ("account_reauthenticate", "learner", _url("account_reauthenticate")),
    ("account_logout", "learner", _url("account_logout")),
    # the mentor
    ("mentoring:home", "mentor", _url("mentoring:home")),
    ("mentoring:mentee", "mentor", lambda s: reverse("mentoring:mentee", args=[s.mentorship.pk])),
    ("mentoring:thread", "mentor", lambda s: reverse("mentoring:thread", args=[s.feedback.pk])),
    ("mentoring:check_ins", "mentor", _url("mentoring:check_ins")),
    ("mentoring:check_in", "mentor", lambda s: s.side_by_side.get_absolute_url()),
    ("credentials:confirmed", "mentor", _url("credentials:confirmed")),
    (
        "credentials:revoke",
        "mentor",
        lambda s: reverse("credentials:revoke", args=[s.credential.public_id]),
    ),
    # the content editor, in the admin
    ("admin:index", "editor", _url("admin:index")),
    (
        "admin:ladder_level_history",
        "editor",
        lambda s: reverse(
            "admin:ladder_level_history", args=[Level.objects.main().get(order=2).pk]
        ),
    ),
]
for model in (
    Level,
    Skill,
    Course,
    ProjectTemplate,
    Requirement,
    Track,
    SkillArea,
    JobResponsibility,
    CareerDirection,
    PathStep,
    Specialisation,
):
    meta = model._meta
    PAGES.append(
        (
            f"admin:{meta.app_label}_{meta.model_name}_changelist",
            "editor",
            _url(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        )
    )
    PAGES.append(
        (
            f"admin:{meta.app_label}_{meta.model_name}_change",
            "editor",
            lambda s, model=model, meta=meta: reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change",
                args=[model.objects.order_by("pk").first().pk],
            ),
        )
    )

# Pages of the access matrix that are not swept, and why.
NOT_SWEPT = {
    "healthz": "JSON for load balancers",
    "readyz": "JSON for load balancers",
    "robots": "plain text",
    "sitemap": "XML",
    "favicon": "a redirect to an image",
    "account_export": "a JSON download",
    "mentoring:notifications_read": "POST only",
    "notifications:unsubscribe (one click)": "POST only: a mail client's request",
    "notifications:unsubscribe (forged)": "a 400 page (the sweep takes 200s only)",
    "notifications:unsubscribe (forged, one click)": "POST only: the same 400 page",
    "mentoring:endorse": "POST only",
    "mentoring:sign_off": "POST only",
    "mentoring:feedback": "POST only",
    "mentoring:review": "POST only",
    "mentoring:reply": "POST only",
    "mentoring:accept": "POST only",
    "mentoring:decline": "POST only",
    "mentoring:cancel": "POST only",
    "profiles:target_set": "POST only",
    "mentoring:check_in_rate": "POST only",
    "mentoring:check_in_result": "POST only",
    "mentoring:check_in_ics": "an iCalendar download",
    "profiles:course_state": "POST only",
    "profiles:course_evidence": "POST only",
    "profiles:calendar_feed": "an iCalendar feed for calendar apps",
    "profiles:path_step": "POST only",
    "account_set_password": "redirects: every account has a password",
    "account_request_reauthentication_code": "switched off (403)",
    "account_confirm_reauthentication_code": "switched off (403)",
    "account_confirm_login_code": "switched off (redirects)",
    "admin:login": "redirects to account_login",
    "credentials:did": "JSON (the DID document)",
    "credentials:status": "a JWT (the status list)",
    "credentials:jwt": "a download (the credential's JWT)",
    "credentials:json": "a download (the credential's JSON)",
    "credentials:publish": "POST only",
}
