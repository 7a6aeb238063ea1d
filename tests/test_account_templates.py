"""The django-allauth pages wear the site's layout and render Bootstrap 5 forms.

Overrides live in templates/allauth/layouts/, templates/allauth/elements/ and a few
templates/account/ pages. These tests read the HTML a user gets back.
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.ladder.pages import page_text

BOOTSTRAP_CSS = "vendor/bootstrap/css/bootstrap.min.css"
PASSWORD = "a-Long-test-passw0rd"
User = get_user_model()
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []
        self.text_parts = []

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    @property
    def text(self):
        parts = list(self.text_parts)
        for child in self.children:
            parts.append(child.text)
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag=None, **attrs):
        wanted_class = attrs.pop("class_", None)
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (wanted_class is None or wanted_class in node.classes)
            and all(node.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class TreeBuilder(HTMLParser):
    """Just enough of a DOM to ask questions about a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("document", [])
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)


def page(response):
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


def visible_inputs(doc):
    return [
        node
        for node in doc.find_all("input") + doc.find_all("select") + doc.find_all("textarea")
        if node.attrs.get("type") not in {"hidden", "submit", "button"}
    ]


def assert_bootstrap_form(doc):
    """Every visible control is a Bootstrap control and has a <label for=...>."""
    controls = visible_inputs(doc)
    assert controls, "no form controls on the page"
    label_targets = {label.attrs.get("for") for label in doc.find_all("label")}
    for control in controls:
        expected = (
            "form-check-input" if control.attrs.get("type") in {"checkbox", "radio"} else None
        )
        if expected:
            assert expected in control.classes, control.attrs
        else:
            assert {"form-control", "form-select"} & set(control.classes), control.attrs
        assert control.attrs.get("id") in label_targets, f"unlabelled control {control.attrs}"


def assert_site_layout(doc):
    """The page extends our base.html: navbar brand, local Bootstrap, centred card."""
    brand = doc.find("a", class_="navbar-brand")
    assert brand is not None and brand.text == "careerpath"
    assert any(BOOTSTRAP_CSS in link.attrs.get("href", "") for link in doc.find_all("link"))
    column = doc.find("main").find("div", class_="col-md-8")
    assert column is not None and {"col-lg-6", "mx-auto"} <= set(column.classes)
    assert column.find("div", class_="card") is not None
    assert len(doc.find_all("h1")) == 1


@pytest.fixture
def verified_user(django_user_model):
    user = django_user_model.objects.create_user(
        username="ada", email="ada@example.com", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_signup_page_uses_site_layout_and_bootstrap_fields(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert doc.find("title").text == "Sign up · careerpath"
    assert doc.find("h1").text == "Sign up"
    assert "then rate your skills to see your level" in doc.find("main").text
    assert_bootstrap_form(doc)
    assert {node.attrs["name"] for node in visible_inputs(doc)} == {
        "display_name",
        "email",
        "password1",
        "password2",
    }
    submit = doc.find("button", type="submit", class_="btn-brand")
    assert submit is not None and "btn" in submit.classes
    # Password rules are help text, tied to the input.
    help_text = doc.find(id="id_password1_helptext")
    assert "form-text" in help_text.classes
    assert doc.find(id="id_password1").attrs["aria-describedby"] == "id_password1_helptext"


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_keeps_email_and_shows_error(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {"email": "grace@example.com", "password1": "a-Long-passw0rd", "password2": "other-1234"},
    )

    assert response.status_code == 200
    assert not django_user_model.objects.filter(email="grace@example.com").exists()
    doc = page(response)
    assert_site_layout(doc)
    assert doc.find("input", name="email").attrs["value"] == "grace@example.com"
    password2 = doc.find("input", name="password2")
    assert "is-invalid" in password2.classes
    assert password2.attrs["aria-invalid"] == "true"
    error_id = password2.attrs["aria-describedby"]
    error = doc.find(id=error_id)
    assert "invalid-feedback" in error.classes
    assert "You must type the same password each time." in error.text
    # The field the user got right is not marked invalid.
    assert "is-invalid" not in doc.find("input", name="email").classes


@pytest.mark.django_db
def test_login_page_renders_in_site_layout(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert doc.find("h1").text == "Log in"
    assert_bootstrap_form(doc)
    assert doc.find("input", name="remember", type="checkbox") is not None
    assert doc.find("button", type="submit", class_="btn-brand") is not None
    assert doc.find("a", href="/accounts/password/reset/") is not None
    assert doc.find("main").find("a", href="/accounts/signup/") is not None


@pytest.mark.django_db
def test_failed_login_shows_alert_and_keeps_email(client, verified_user):
    response = client.post(
        "/accounts/login/", {"login": "ada@example.com", "password": "not-my-password"}
    )

    assert response.status_code == 200
    doc = page(response)
    alert = doc.find("main").find("div", class_="alert-danger")
    assert alert is not None and "not correct" in alert.text
    assert doc.find("input", name="login").attrs["value"] == "ada@example.com"
    assert "value" not in doc.find("input", name="password").attrs


@pytest.mark.django_db
def test_password_change_page_is_styled_for_logged_in_user(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/accounts/password/change/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert_bootstrap_form(doc)
    settings_nav = doc.find("nav", **{"aria-label": "Account settings"})
    current = settings_nav.find("a", href="/accounts/password/change/")
    assert current.attrs.get("aria-current") == "page"
    assert doc.find("button", type="submit", class_="btn-brand") is not None


@pytest.mark.django_db
def test_password_change_errors_are_shown_per_field(client, verified_user):
    client.force_login(verified_user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "short", "password2": "short"},
    )

    assert response.status_code == 200
    doc = page(response)
    old = doc.find("input", name="oldpassword")
    assert "is-invalid" in old.classes
    assert "id_oldpassword_error" in old.attrs["aria-describedby"].split()
    assert "invalid-feedback" in doc.find(id="id_oldpassword_error").classes


@pytest.mark.django_db
def test_logout_confirmation_page(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert doc.find("h1").text == "Log out"
    form = doc.find("main").find("form", action="/accounts/logout/", method="post")
    assert form.find("button", type="submit", class_="btn-brand").text == "Log out"


@pytest.mark.django_db
def test_email_management_page(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/accounts/email/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert_bootstrap_form(doc)
    radio = doc.find("input", type="radio", value="ada@example.com")
    assert "form-check-input" in radio.classes
    assert doc.find("span", class_="badge") is not None
    assert doc.find("button", name="action_remove", class_="btn-outline-danger") is not None
    assert doc.find("button", name="action_send", class_="btn-outline-secondary") is not None
    headings = [node.tag for node in doc.find("main").iter() if re.fullmatch(r"h[1-6]", node.tag)]
    assert headings == ["h1", "h2"]


@pytest.mark.django_db
def test_signup_then_verification_sent_then_confirm_email_page(client, committed):
    with committed():
        response = client.post(
            "/accounts/signup/",
            {
                "display_name": "Grace",
                "email": "grace@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert doc.find("h1").text == "Check your email"
    assert len(mail.outbox) == 1
    confirm_path = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body)

    response = client.get(confirm_path.group(1))

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert "grace@example.com" in doc.find("main").text
    assert doc.find("button", type="submit", class_="btn-brand").text == "Confirm"


@pytest.mark.django_db
def test_invalid_confirm_email_link_explains_what_to_do(client):
    response = client.get("/accounts/confirm-email/not-a-key/")

    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert "expired or is invalid" in doc.find("main").text


@pytest.mark.django_db
def test_password_reset_journey(client, verified_user, committed):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert_bootstrap_form(doc)

    with committed():
        response = client.post(
            "/accounts/password/reset/", {"email": "ada@example.com"}, follow=True
        )
    assert response.status_code == 200
    assert page(response).find("h1").text == "Check your email"
    reset_path = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    )

    response = client.get(reset_path.group(1), follow=True)
    assert response.status_code == 200
    doc = page(response)
    assert_site_layout(doc)
    assert_bootstrap_form(doc)
    form_url = response.redirect_chain[-1][0]

    response = client.post(form_url, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "is-invalid" in page(response).find("input", name="password1").classes

    new_password = "another-Long-passw0rd"
    response = client.post(
        form_url, {"password1": new_password, "password2": new_password}, follow=True
    )
    assert response.status_code == 200
    doc = page(response)
    assert doc.find("h1").text == "Password changed"
    assert doc.find("a", href="/accounts/login/", class_="btn-brand") is not None


@pytest.mark.django_db
def test_signup_keeps_the_name_typed_and_the_dashboard_greets_by_it(client, ladder):
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Grace Hopper",
            "email": "grace@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = User.objects.get(email="grace@example.com")
    assert user.profile.display_name == "Grace Hopper"
    client.force_login(user)
    assert "Hello, Grace Hopper" in client.get(reverse("profiles:dashboard")).content.decode()


STAFF_NEXT = "the career ladder's content is edited in the admin"
LEARNER_NEXT = "rate your skills to see your level"


def _confirm_path(message):
    return re.search(r"http://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_staff_confirming_their_address_are_told_of_the_admin_not_of_rating_skills(
    client, django_user_model, committed
):
    django_user_model.objects.create_user(
        username="editor", email="editor@example.com", password=PASSWORD, is_staff=True
    )

    with committed():
        response = client.post(
            "/accounts/login/",
            {"login": "editor@example.com", "password": PASSWORD},
            follow=True,
        )

    text = page_text(response)
    assert page(response).find("h1").text == "Check your email"
    assert STAFF_NEXT in text
    assert LEARNER_NEXT not in text and "signing up" not in text
    confirm = page_text(client.get(_confirm_path(mail.outbox[-1])))
    assert STAFF_NEXT in confirm
    assert LEARNER_NEXT not in confirm


@pytest.mark.django_db
def test_a_learner_confirming_their_address_is_told_to_rate_their_skills_next(client, committed):
    with committed():
        response = client.post(
            "/accounts/signup/",
            {
                "display_name": "Grace",
                "email": "grace@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )

    assert LEARNER_NEXT in page_text(response)
    assert "admin" not in page_text(response)
    confirm = page_text(client.get(_confirm_path(mail.outbox[-1])))
    assert LEARNER_NEXT in confirm
    assert "admin" not in confirm
