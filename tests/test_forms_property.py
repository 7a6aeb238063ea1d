"""Every form of the site, posted generated input: never a 5xx.

For each form the test signs in as the role the form is for, GETs its page and reads the
<form> the way a browser would (input, select and textarea names, types, hidden values and
options). Each example then POSTs the hidden values unchanged and a generated value for
every visible field, chosen by its type: text with NUL bytes, unicode and very long runs;
numbers far out of range; months such as 0001-01 or 2021-13; URLs with ports 99999, no
scheme or unicode hosts; valid and made-up options. Reading the form from the page keeps
the test right when a form gains a field (a hidden `version`, say) without touching it.

The properties:
- the answer is never a 5xx, and neither is any page that shows the data afterwards;
- a valid submission redirects, and the page it leads to renders;
- an invalid one re-shows the form (200, or a 400/409-style answer), and every text the
  person typed is on the re-shown page, escaped, never raw.

Every example runs in its own savepoint and is rolled back, with an empty cache (allauth
keeps its rate limits there), so one example's invitation or ended mentorship never
changes what the next one sees. Examples are derandomized and no example database is
kept, so CI runs the same inputs every time. HYPOTHESIS_PROFILE=thorough runs many more,
randomly, by hand.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from careerpath.credentials.models import Credential
from ladder.models import Course, Level, ProjectTemplate, Requirement, Skill
from mentoring.check_in_services import check_in_rate
from mentoring.models import CheckIn, Mentorship, Status
from profiles.models import Experience, Project
from tests.credentials.factories import CredentialFactory
from tests.ladder.factories import (
    CourseFactory,
    LevelFactory,
    ProjectTemplateFactory,
    RequirementFactory,
    ResponsibilityFactory,
    SkillFactory,
)
from tests.mentoring.factories import CheckInFactory, MentorshipFactory
from tests.profiles.factories import (
    PASSWORD,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
FORM_SETTINGS = settings(
    max_examples=300 if THOROUGH else 10,  # 10 keeps `make test` within its 5 minutes
    deadline=None,
    derandomize=not THOROUGH,
    database=None,
    # Shrinking a failure re-posts the form hundreds of times (minutes on a big admin form);
    # the notes below already name the URL, the role and every value sent.
    phases=list(Phase) if THOROUGH else [Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)

RESHOWN = {200, 400, 409, 422}  # an invalid form answered with the form again


# --- reading a form the way a browser does ------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # an input type, "textarea", "select", "select-multiple" or "checkboxes"
    value: str = ""  # as served: the field's value, the checkbox's value, the chosen option
    options: tuple[str, ...] = ()
    maxlength: int | None = None
    checked: bool = False


@dataclass(frozen=True)
class Form:
    method: str
    action: str  # path the form submits to
    fields: tuple[Field, ...]
    submits: tuple[tuple[str, str], ...]  # named submit buttons: (name, value)


def _input_kind(node):
    return node.attrs.get("type", "text").lower() or "text"


def read_form(page_html, page_url, *, action=None, containing=None) -> Form:
    """Return the form on the page that submits to `action` (default: the page itself) and,
    if given, has a field or button named `containing`."""
    wanted = urlsplit(urljoin(page_url, action or page_url)).path
    candidates = []
    for node in parse(page_html).find_all("form"):
        if urlsplit(urljoin(page_url, node.attrs.get("action", ""))).path != wanted:
            continue
        form = _form_of(node, wanted)
        names = {f.name for f in form.fields} | {name for name, _ in form.submits}
        if containing is None or containing in names:
            candidates.append(form)
    assert candidates, f"no form submitting to {wanted} on {page_url}"
    return candidates[0]


def _form_of(node, action) -> Form:
    fields, submits = [], []
    groups: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for element in node.iter():
        name = element.attrs.get("name")
        if not name or "disabled" in element.attrs:
            continue
        maxlength = element.attrs.get("maxlength", "")
        maxlength = int(maxlength) if maxlength.isdigit() else None
        if element.tag == "textarea":
            fields.append(Field(name, "textarea", value=element.text, maxlength=maxlength))
        elif element.tag == "select":
            options = [(o.attrs.get("value", o.text), o) for o in element.find_all("option")]
            chosen = [value for value, o in options if "selected" in o.attrs]
            kind = "select-multiple" if "multiple" in element.attrs else "select"
            value = chosen[0] if chosen else ""
            all_options = tuple(value for value, _ in options)
            fields.append(Field(name, kind, value, all_options, checked=bool(chosen)))
        elif element.tag == "button" and element.attrs.get("type", "submit") == "submit":
            submits.append((name, element.attrs.get("value", "")))
        elif element.tag == "input":
            kind = _input_kind(element)
            value = element.attrs.get("value", "")
            if kind == "submit":
                submits.append((name, value))
            elif kind in ("radio", "checkbox"):
                groups.setdefault((name, kind), []).append(
                    (value or "on", "checked" in element.attrs)
                )
            elif kind not in ("button", "reset", "image", "file"):
                fields.append(Field(name, kind, value=value, maxlength=maxlength))
    for (name, kind), boxes in groups.items():
        values = tuple(value for value, _ in boxes)
        chosen = [value for value, checked in boxes if checked]
        if kind == "radio":
            fields.append(Field(name, "radio", chosen[0] if chosen else "", values))
        elif len(boxes) == 1:
            fields.append(Field(name, "checkbox", values[0], checked=bool(chosen)))
        else:
            fields.append(Field(name, "checkboxes", options=values))
    method = node.attrs.get("method", "get").lower()
    return Form(method, action, tuple(fields), tuple(submits))


# --- what people type ---------------------------------------------------------------------

TRICKY_TEXT = [
    "",
    " ",
    "\x00",
    "Ada\x00Lovelace",
    "\t\r\n",
    "<script>alert('x')</script>",
    "\"'&<>",
    "Ada Lovelace 漢字 😀 Ωμέγα",
    "\u202eevil\u202c",
    "e\u0301",
    "\ufeff\u00a0\u200b",
    "%00",
    "' OR 1=1 --",
    "{{ 7*7 }} {% now 'Y' %}",
    "None",
    "0",
]
# Lengths just over the limits of the models' fields and of the notification text.
LIMITS = [61, 81, 121, 161, 201, 255, 256, 301, 1001, 2001, 4001, 10_000]


def _repeat(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


LONG_TEXT = st.builds(
    _repeat,
    st.text(min_size=1, max_size=8),
    st.one_of(st.sampled_from(LIMITS), st.integers(min_value=100, max_value=5000)),
)
WITH_NUL = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=10), st.text(max_size=10))
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(TRICKY_TEXT), LONG_TEXT, WITH_NUL)

NUMBERS = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "80",
            "81",
            "32767",
            "32768",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "1" + "0" * 40,
            "1e309",
            "1e3",
            "NaN",
            "inf",
            "-0",
            "1.5",
            "٣",
            "0x10",
            " 5 ",
            "5\x00",
        ]
    ),
    st.integers().map(str),
    st.floats().map(str),
    TEXT,
)


# Some values are wrong whatever the form: a form that accepts one has a bug even when
# nothing crashes. A strategy below yields (value, why it must be refused or None).
BEFORE_1950 = "a month before 1950: nobody did machine learning work then"
NO_SUCH_MONTH = "not a month"
PORT_OUT_OF_RANGE = "a port above 65535"
SCRIPT_LINK = "a javascript: link"
NUL_BYTE = "a NUL byte"
TOO_LONG = "longer than the field's maxlength"


def _month(date):
    return f"{date.year:04d}-{date.month:02d}"


def _month_problem(date):
    return BEFORE_1950 if date.year < 1950 else None


MONTHS = st.one_of(
    st.sampled_from(
        [
            ("0001-01", BEFORE_1950),
            ("0999-12", BEFORE_1950),
            ("1000-01", BEFORE_1950),
            ("1899-12", BEFORE_1950),
            ("1949-12", BEFORE_1950),
            ("1950-01", None),
            ("1969-12", None),
            ("1970-01", None),
            ("2000-02", None),
            ("9999-12", None),
            ("2021-13", NO_SUCH_MONTH),
            ("2021-00", NO_SUCH_MONTH),
            ("2021-1", None),
            ("10000-01", NO_SUCH_MONTH),
            ("-2021-01", NO_SUCH_MONTH),
            ("2021-02-29", NO_SUCH_MONTH),
            ("2021-01-32", NO_SUCH_MONTH),
            ("2021", NO_SUCH_MONTH),
            ("2021-01\x00", NUL_BYTE),
        ]
    ),
    st.dates().map(lambda d: (_month(d), _month_problem(d))),
    st.dates().map(lambda d: (d.isoformat(), _month_problem(d))),
    TEXT.map(lambda text: (text, None)),
)
DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "2021-02-29", "2021-13-01", "2021-1-1"]),
    st.dates().map(lambda d: d.isoformat()),
    TEXT,
)

HOSTS = [
    "github.com",
    "www.kaggle.com",
    "例え.テスト",
    "xn--r8jz45g.xn--zckzah",
    "127.0.0.1",
    "[::1]",
    "localhost",
    "a" * 64 + ".com",
    "exa mple.com",
    "",
    "user:pass@github.com",
]
PORTS = ["", ":99999", ":443", ":65536", ":65535", ":-1"]


def _url(scheme, host, port, path):
    problem = None
    if host and port in (":65536", ":99999"):
        problem = PORT_OUT_OF_RANGE
    elif scheme == "javascript:":
        problem = SCRIPT_LINK
    return f"{scheme}{host}{port}{path}", problem


ODD_URLS = st.builds(
    _url,
    st.sampled_from(["", "https://", "http://", "HTTPS://", "ftp://", "javascript:", "//"]),
    st.sampled_from(HOSTS),
    st.sampled_from(PORTS),
    st.one_of(
        st.just(""),
        st.just("/ada"),
        st.text(max_size=20).map(lambda path: "/" + path),
        LONG_TEXT.map(lambda path: "/" + path),
    ),
)
KNOWN_ODD_URLS = [
    ("https://github.com:99999/ada", PORT_OUT_OF_RANGE),
    ("https://www.kaggle.com:65536/ada", PORT_OUT_OF_RANGE),
    ("javascript:alert(1)//github.com", SCRIPT_LINK),
    ("github.com/ada", None),
    ("https://例え.テスト/ada", None),
]
# one_of picks its branches evenly: the built and known URLs get most of the examples.
URLS = st.one_of(
    st.sampled_from(KNOWN_ODD_URLS),
    st.sampled_from(KNOWN_ODD_URLS),
    ODD_URLS,
    ODD_URLS,
    TEXT.map(lambda text: (text, None)),
)


def emails(known):
    return st.one_of(
        st.emails().map(str),
        st.sampled_from(
            [
                *known,
                *(address.upper() for address in known),
                "a@b",
                "ä@例え.テスト",
                "ada@example.com\x00",
                "x" * 250 + "@example.com",
                "ada@[127.0.0.1]",
                "<ada@example.com>",
                "ada@example.com, grace@example.com",
            ]
        ),
        TEXT,
    )


def choices(options):
    return st.one_of(st.sampled_from(options), TEXT) if options else TEXT


def text_up_to(maxlength):
    """Text, and text exactly as long as the field allows and one character longer (what
    a browser's maxlength stops, a script does not)."""
    if maxlength is None:
        return TEXT
    unit = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Zs", "Cc"]), min_size=1)
    return st.one_of(
        TEXT,
        st.builds(_repeat, unit, st.just(maxlength)),
        st.builds(_repeat, unit, st.just(maxlength + 1)),
    )


TEXT_KINDS = {"text", "search", "tel", "textarea", "email", "url", "password"}


def value_for(field: Field, known_emails):
    """Return a strategy of (value, why it must be refused or None); a value of None means
    the field is left out of the request, as a browser does with an unticked box."""
    kind = field.kind
    if kind == "hidden" or "__prefix__" in field.name:
        # Sent back as served, the admin's template row for new inline rows included.
        return st.just((field.value, None))
    if kind == "url":
        return URLS.map(lambda pair: _text_problems(field, *pair))
    if kind == "month":
        return MONTHS.map(lambda pair: _text_problems(field, *pair))
    if kind in TEXT_KINDS:
        strategy = {
            "email": emails(known_emails),
            "password": st.one_of(st.just(PASSWORD), TEXT),
        }.get(kind, text_up_to(field.maxlength))
        return strategy.map(lambda value: _text_problems(field, value, None))
    plain = {
        "number": NUMBERS,
        "date": DATES,
        "checkbox": st.sampled_from([None, field.value, "off", "\x00"]),
        "radio": st.one_of(st.none(), choices(field.options)),
        "select": st.one_of(st.none(), choices(field.options)),
        "select-multiple": st.lists(choices(field.options), max_size=4),
        "checkboxes": st.lists(choices(field.options), max_size=4),
    }.get(kind, TEXT)
    return plain.map(lambda value: (value, None))


PLAUSIBLE = {
    "text": "plausible-value",
    "search": "plausible",
    "tel": "+44 20 7946 0000",
    "textarea": "A plausible sentence.",
    "email": "new.mentor@example.org",
    "url": "https://github.com/ada",
    "password": PASSWORD,
    "number": "5",
    "month": "2020-01",
    "date": "2020-01-01",
}


def baseline_for(field: Field):
    """Return a strategy of a valid-looking value: what the page served, else something a
    careful person would type. Keeping most fields valid lets one odd value get past the
    form's other checks to the code behind it."""
    kind = field.kind
    if kind == "hidden" or "__prefix__" in field.name:
        return st.just((field.value, None))
    if kind == "checkbox":
        return st.sampled_from([field.value, None]).map(lambda value: (value, None))
    if kind in ("radio", "select"):
        options = [option for option in field.options if option] or [field.value]
        return st.sampled_from(options).map(lambda value: (value, None))
    if kind in ("select-multiple", "checkboxes"):
        if not field.options:
            return st.just(([], None))
        return st.lists(st.sampled_from(field.options), max_size=3, unique=True).map(
            lambda values: (values, None)
        )
    value = field.value if field.value.strip() else PLAUSIBLE.get(kind, "plausible-value")
    return st.just((value, None))


URL_LEADING = "".join(map(chr, range(0x21)))  # what URL parsing drops from the start


def _text_problems(field, value, problem):
    if problem:
        return value, problem
    kept = value.lstrip(URL_LEADING) if field.kind == "url" else value
    if "\x00" in kept:
        return value, NUL_BYTE
    if field.maxlength is not None and len(value.strip()) > field.maxlength:
        return value, TOO_LONG
    return value, None


def _shown(value):
    if isinstance(value, str) and len(value) > 80:
        return f"{value[:40]!r}... ({len(value)} characters)"
    return repr(value)


# --- the people and the data --------------------------------------------------------------


@dataclass
class Scenario:
    learner: User
    mentor: User
    editor: User
    mentorship: Mentorship
    experience: Experience
    project: Project
    level: Level
    skill: Skill
    course: Course
    template: ProjectTemplate
    requirement: Requirement
    rating: CheckIn  # a check-in the learner and the mentor are rating
    agreeing: CheckIn  # one with a second mentor, both ratings in: the result to agree
    credential: Credential

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)


# The longest a name can be: texts built from names (notifications, e-mail subjects) are
# as long as they can get. The mentor has no display name, so they are named by their
# address, the longest there is.
LONGEST_EMAIL = f"{'g' * 64}@{'a' * 63}.{'b' * 63}.example.org"


@pytest.fixture
def scenario(db, content_editor):
    """A small ladder, a learner with experience, a project and a rating, and their
    accepted mentor, all with names as long as the site accepts; and a content editor."""
    level = LevelFactory(order=1, title="L" * 120)
    next_level = LevelFactory(order=2)
    ResponsibilityFactory(level=level)
    skill = SkillFactory(level=level, name="S" * 120)
    SkillFactory(level=level)
    SkillFactory(level=next_level)
    requirement = RequirementFactory(level=next_level, skill=skill)
    template = ProjectTemplateFactory(level=level, skills=[skill], title="T" * 200)
    course = CourseFactory(skills=[skill])
    learner = VerifiedUserFactory(email="ada@example.com")
    ProfileFactory(user=learner, display_name="A" * 80)
    mentor = VerifiedUserFactory(email=LONGEST_EMAIL)
    ProfileFactory(user=mentor, display_name="")
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
    SkillRatingFactory(user=learner, skill=skill)
    agreeing = CheckInFactory(
        mentorship=MentorshipFactory(learner=learner, status=Status.ACCEPTED), skills=[skill]
    )
    for person in (learner, agreeing.mentorship.mentor):
        check_in_rate(check_in=agreeing, by=person, ratings={skill.pk: 2})
    return Scenario(
        learner=learner,
        mentor=mentor,
        editor=content_editor,
        mentorship=mentorship,
        experience=ExperienceFactory(user=learner),
        project=ProjectFactory(user=learner, skills=[skill], template=template, title="P" * 160),
        level=level,
        skill=skill,
        course=course,
        template=template,
        requirement=requirement,
        rating=CheckInFactory(mentorship=mentorship, skills=[skill]),
        agreeing=agreeing,
        credential=CredentialFactory(holder=learner, confirmed_by=mentor),
    )


def display_pages(s: Scenario):
    """Pages that show what the forms save, with who looks at them."""
    return [
        ("learner", reverse("profiles:dashboard")),
        ("learner", reverse("profiles:profile")),
        ("learner", reverse("profiles:experience")),
        ("learner", reverse("profiles:projects")),
        ("learner", reverse("profiles:skills")),
        ("learner", s.learner.profile.get_public_url()),
        ("learner", s.credential.get_absolute_url()),
        ("learner", reverse("account_export")),
        ("learner", reverse("mentoring:home")),
        ("mentor", reverse("mentoring:home")),
        ("mentor", reverse("mentoring:mentee", args=[s.mentorship.pk])),
        ("anonymous", reverse("ladder:levels")),
        ("anonymous", reverse("ladder:level", args=[s.level.slug])),
        ("anonymous", reverse("ladder:skills")),
        ("anonymous", reverse("ladder:skill", args=[s.skill.slug])),
    ]


def client_as(s: Scenario, role):
    client = Client()
    if (user := s.user(role)) is not None:
        client.force_login(user)
    return client


def reset_key_url(s: Scenario):
    uidb36 = user_pk_to_url_str(s.learner)
    key = default_token_generator.make_token(s.learner)
    return reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": key})


def reset_form_url(s: Scenario):
    """The page the e-mailed link leads to, once allauth has put the key in the session."""
    uidb36 = user_pk_to_url_str(s.learner)
    return reverse(
        "account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": "set-password"}
    )


# --- the forms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    role: str
    page: Callable[[Scenario], str]
    action: Callable[[Scenario], str] | None = None  # where the form submits, if elsewhere
    containing: str | None = None  # a field or button that picks the form out on its page
    prepare: Callable[[Scenario], str] | None = None  # a URL to visit first, every example


def url(name, *attrs):
    """The URL `name` with arguments read from the scenario (dotted attribute paths)."""

    def build(s):
        args = []
        for path in attrs:
            value = s
            for part in path.split("."):
                value = getattr(value, part)
            args.append(value)
        return reverse(name, args=args)

    return build


def admin_change(model, attr):
    return url(f"admin:ladder_{model}_change", f"{attr}.pk")


FORMS = {
    "profile": FormCase("learner", url("profiles:profile")),
    "plan": FormCase("learner", url("profiles:plan")),
    "experience add": FormCase("learner", url("profiles:experience")),
    "experience edit": FormCase("learner", url("profiles:experience_edit", "experience.pk")),
    "project add": FormCase("learner", url("profiles:project_create")),
    "project edit": FormCase("learner", url("profiles:project_edit", "project.pk")),
    "my skills": FormCase("learner", url("profiles:skills")),
    "evidence of a skill": FormCase("learner", url("profiles:skill_evidence", "skill.slug")),
    "evidence of a project": FormCase("learner", url("profiles:project_evidence", "project.pk")),
    "account delete": FormCase("learner", url("profiles:account_delete")),
    "mentor invite": FormCase("learner", url("mentoring:invite")),
    "notification settings": FormCase("learner", url("notifications:settings")),
    "end mentorship (learner)": FormCase("learner", url("mentoring:end", "mentorship.pk")),
    "end mentorship (mentor)": FormCase("mentor", url("mentoring:end", "mentorship.pk")),
    "credential revoke": FormCase("mentor", url("credentials:revoke", "credential.public_id")),
    "feedback": FormCase(
        "mentor",
        url("mentoring:mentee", "mentorship.pk"),
        action=url("mentoring:feedback", "mentorship.pk"),
    ),
    "check-in plan": FormCase("learner", url("mentoring:check_in_start")),
    "check-in ratings": FormCase(
        "mentor",
        url("mentoring:check_in", "rating.pk"),
        action=url("mentoring:check_in_rate", "rating.pk"),
    ),
    "check-in result": FormCase(
        "learner",
        url("mentoring:check_in", "agreeing.pk"),
        action=url("mentoring:check_in_result", "agreeing.pk"),
    ),
    "sign up": FormCase("anonymous", url("account_signup")),
    "log in": FormCase("anonymous", url("account_login")),
    "password reset": FormCase("anonymous", url("account_reset_password")),
    "password reset from key": FormCase("anonymous", reset_form_url, prepare=reset_key_url),
    "change password": FormCase("learner", url("account_change_password")),
    "e-mail add": FormCase("learner", url("account_email"), containing="action_add"),
    "e-mail manage": FormCase("learner", url("account_email"), containing="action_primary"),
    "admin level": FormCase("editor", admin_change("level", "level")),
    "admin skill": FormCase("editor", admin_change("skill", "skill")),
    "admin course": FormCase("editor", admin_change("course", "course")),
    "admin project template": FormCase("editor", admin_change("projecttemplate", "template")),
    "admin requirement": FormCase("editor", admin_change("requirement", "requirement")),
    "admin level add": FormCase("editor", url("admin:ladder_level_add")),
    "admin skill add": FormCase("editor", url("admin:ladder_skill_add")),
    "admin level search": FormCase("editor", url("admin:ladder_level_changelist"), containing="q"),
    "admin password change": FormCase("editor", url("admin:password_change")),
}


def submit(client, form: Form, data):
    if form.method == "post":
        return client.post(form.action, data, follow=True)
    return client.get(form.action, data, follow=True)


@pytest.mark.parametrize("case", FORMS.values(), ids=FORMS.keys())
def test_generated_input_never_makes_a_form_answer_with_a_server_error(case, scenario):
    page_url = case.page(scenario)
    client = client_as(scenario, case.role)
    if case.prepare:
        client.get(case.prepare(scenario))
    page = client.get(page_url)
    assert page.status_code == 200, f"{case.role} cannot open {page_url}"
    action = case.action(scenario) if case.action else None
    form = read_form(page.content.decode(), page_url, action=action, containing=case.containing)
    visible = [field for field in form.fields if field.kind != "hidden"]
    assert visible, f"the form on {page_url} has no field to fill in"
    known_emails = [scenario.learner.email, scenario.mentor.email, "new.mentor@example.org"]
    strategies = {field.name: value_for(field, known_emails) for field in form.fields}
    baselines = {field.name: baseline_for(field) for field in form.fields}
    fillable = tuple(f.name for f in visible if "__prefix__" not in f.name)
    submit_buttons = st.sampled_from(form.submits) if form.submits else st.none()

    @FORM_SETTINGS
    @given(st.data())
    def post_generated_input(data):
        odd = data.draw(
            st.one_of(
                st.sets(st.sampled_from(fillable), min_size=1, max_size=2), st.just(set(fillable))
            ),
            label="fields given odd values",
        )
        drawn = {
            field.name: data.draw(
                strategies[field.name] if field.name in odd else baselines[field.name],
                label=field.name,
            )
            for field in form.fields
        }
        if "password1" in drawn and "password2" in drawn and data.draw(st.booleans()):
            drawn["password2"] = drawn["password1"]  # sign-up and new passwords, typed twice
        button = data.draw(submit_buttons, label="button")
        sent = {name: value for name, (value, _) in drawn.items() if value is not None}
        if button:
            sent[button[0]] = button[1]
        wrong = {
            name: problem
            for name, (value, problem) in drawn.items()
            if problem and value is not None and not _in_deleted_row(name, sent)
        }
        note(f"{form.method.upper()} {form.action} as {case.role}:")
        for name, value in sent.items():
            note(f"  {name} = {_shown(value)}" + (f"  ({wrong[name]})" if name in wrong else ""))
        post_and_check(scenario, case, form, sent, wrong)

    errors = []
    for sent, wrong in known_odd_submissions(form):
        try:
            post_and_check(scenario, case, form, sent, wrong)
        except Exception as error:
            error.add_note(f"{form.method.upper()} {form.action} as {case.role}:")
            for name, value in sent.items():
                error.add_note(f"  {name} = {_shown(value)}")
            errors.append(error)
    try:
        post_generated_input()
    except Exception as error:
        errors.append(error)
    if errors:
        raise ExceptionGroup(f"{len(errors)} failures posting to {form.action}", errors)


def post_and_check(scenario, case, form, sent, wrong):
    cache.clear()
    with transaction.atomic():
        client = client_as(scenario, case.role)
        if case.prepare:
            client.get(case.prepare(scenario))
        response = submit(client, form, sent)
        assert response.status_code < 500, f"{form.action} answered {response.status_code}"
        if response.redirect_chain:
            assert not wrong or form.method == "get", f"{form.action} accepted {wrong}"
            check_display_pages(scenario)
        elif form.method == "post":  # a search (GET) answers with results, not the form
            check_form_reshown(form, sent, response)
        transaction.set_rollback(True)


def known_odd_values(field: Field):
    """Return the (value, problem) pairs every field of this kind is tried with, so the
    cases known to have broken something are tried on every run, whatever the examples."""
    if field.kind == "url":
        return KNOWN_ODD_URLS
    if field.kind == "month":
        return [("1949-12", BEFORE_1950), ("0001-01", BEFORE_1950), ("2021-13", NO_SUCH_MONTH)]
    if field.kind in ("text", "textarea", "email", "search", "tel"):
        values: list[tuple[str, str | None]] = [("Ada\x00Lovelace", NUL_BYTE)]
        if field.maxlength:
            values += [("x" * field.maxlength, None), ("x" * (field.maxlength + 1), TOO_LONG)]
        return values
    return []


def known_odd_submissions(form: Form):
    """Yield (data, problems): one known odd value in one field, the others as served or
    as a careful person would fill them in."""
    baseline = {}
    for field in form.fields:
        value: str | None
        if field.kind in ("radio", "select"):
            value = field.value or next((o for o in field.options if o), "")
        elif field.kind in ("checkbox", "select-multiple", "checkboxes"):
            value = field.value if field.checked else None
        elif field.kind == "hidden" or "__prefix__" in field.name or field.value.strip():
            value = field.value
        else:
            value = PLAUSIBLE.get(field.kind, "plausible-value")
        if value is not None and value != []:
            baseline[field.name] = value
    button = dict(form.submits[:1])
    for field in form.fields:
        if "__prefix__" in field.name:
            continue
        for value, problem in known_odd_values(field):
            sent = {**baseline, field.name: value, **button}
            yield sent, {field.name: problem} if problem else {}


def _in_deleted_row(name, sent):
    """Whether the field belongs to an inline row ticked for deletion (not validated)."""
    prefix, _, _ = name.rpartition("-")
    return bool(prefix) and f"{prefix}-DELETE" in sent


def check_display_pages(s: Scenario):
    roles = ["anonymous"] + [
        role
        for role in ("learner", "mentor")
        if type(s.user(role)).objects.filter(pk=s.user(role).pk).exists()  # not just deleted
    ]
    clients = {role: client_as(s, role) for role in roles}
    for role, page in display_pages(s):
        if role in clients:
            response = clients[role].get(page)
            assert response.status_code < 500, f"{page} as {role} answered {response.status_code}"


def _pairs(sent):
    for name, value in sent.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            yield name, str(one)


KEPT_KINDS = TEXT_KINDS - {"password"}  # a password is never sent back to the browser


def check_form_reshown(form: Form, sent, response):
    if any("\x00" in name or "\x00" in value for name, value in _pairs(sent)):
        # No keyboard types a NUL byte: the whole request is refused with 400 before any
        # view runs (careerpath.middleware), so there is no form to re-show.
        assert response.status_code == 400, f"{form.action} answered {response.status_code}"
        return
    assert response.status_code in RESHOWN, f"{form.action} answered {response.status_code}"
    html = response.content.decode()
    kinds = {field.name: field.kind for field in form.fields}
    for name, value in sent.items():
        if kinds.get(name) not in KEPT_KINDS or "__prefix__" in name or not value.strip():
            continue
        assert escape(value) in html, f"what was typed in {name} is not on the re-shown page"
        if "<script>" in value:
            assert value not in html, f"what was typed in {name} is on the page unescaped"


# --- text in the address ------------------------------------------------------------------


def _in_path(template):
    """A URL with the generated text in its path, quoted the way a browser sends it."""
    return lambda s, text: (template(s).format(quote(text, safe="")), {})


def _in_query(name, path, **fixed):
    return lambda s, text: (path(s), {**fixed, name: text})


ADDRESSES = {
    "invitation page": ("learner", "get", _in_path(lambda s: "/mentoring/invitations/{}/")),
    "invitation page, signed out": (
        "anonymous",
        "get",
        _in_path(lambda s: "/mentoring/invitations/{}/"),
    ),
    "invitation accept": (
        "mentor",
        "post",
        _in_path(lambda s: "/mentoring/invitations/{}/accept/"),
    ),
    "invitation decline": (
        "mentor",
        "post",
        _in_path(lambda s: "/mentoring/invitations/{}/decline/"),
    ),
    "password reset key": (
        "anonymous",
        "get",
        _in_path(lambda s: f"/accounts/password/reset/key/{user_pk_to_url_str(s.learner)}-{{}}/"),
    ),
    "e-mail confirmation key": (
        "anonymous",
        "get",
        _in_path(lambda s: "/accounts/confirm-email/{}/"),
    ),
    "experience page number": ("learner", "get", _in_query("page", url("profiles:experience"))),
    "projects page number": ("learner", "get", _in_query("page", url("profiles:projects"))),
    "mentees sort": ("mentor", "get", _in_query("sort", url("mentoring:home"))),
    "log-in next": ("anonymous", "get", _in_query("next", url("account_login"))),
    "sign-up next": ("anonymous", "get", _in_query("next", url("account_signup"))),
    "admin search": ("editor", "get", _in_query("q", url("admin:ladder_level_changelist"))),
    "admin ordering": ("editor", "get", _in_query("o", url("admin:ladder_skill_changelist"))),
    "admin filter": (
        "editor",
        "get",
        _in_query("level__id__exact", url("admin:ladder_skill_changelist")),
    ),
    "admin autocomplete": (
        "editor",
        "get",
        _in_query(
            "term",
            url("admin:autocomplete"),
            app_label="ladder",
            model_name="requirement",
            field_name="skill",
        ),
    ),
    "admin object id": ("editor", "get", _in_path(lambda s: "/admin/ladder/level/{}/change/")),
    "admin history version": (
        "editor",
        "get",
        _in_path(lambda s: f"/admin/ladder/level/{s.level.pk}/history/{{}}/"),
    ),
}


@pytest.mark.parametrize("address", ADDRESSES.values(), ids=ADDRESSES.keys())
def test_generated_text_in_an_address_never_answers_with_a_server_error(address, scenario):
    role, method, build = address

    @FORM_SETTINGS
    @given(st.one_of(TEXT, NUMBERS))
    def visit(text):
        path, query = build(scenario, text)
        note(f"{method.upper()} {path} {query} as {role}")
        cache.clear()
        with transaction.atomic():
            response = getattr(client_as(scenario, role), method)(path, query)
            assert response.status_code < 500, f"{path} answered {response.status_code}"
            transaction.set_rollback(True)

    visit()
