"""Write load: many signed-in clients write through the real forms at once, then the database
is compared with every write the server acknowledged. Run by scripts/write_load.sh.

    write_load.py setup RUN.json --clients N --logins L --base URL   (Django) accounts, sessions
    write_load.py run RUN.json --duration SECONDS                     (standard library only)
    write_load.py check RUN.json                                      (Django) compare, report

Each client works sequentially and, by default, is its own user, so the last write it saw
acknowledged is exactly what the database must hold. With --tabs 2 or more, several clients
share a user (tabs of one browser): each still adds and edits only its own projects and
roles, but they all save the user's ratings.

A POST is acknowledged when it answers with the success redirect (302 to the page the view
sends to). A POST with no answer, or a 5xx, may or may not have been committed: its values
are accepted as well as the last acknowledged ones. Anything else (the form shown again,
a redirect elsewhere) is not acknowledged and is counted apart.

Ratings are checked per skill. For every row a client changed in a save, its ledger keeps
the value, when the request was sent and when the answer came, and the outcome: "saved" for
a 302 and for the rows a 409 ("saved in part") does not mark as in conflict, "not saved"
for the marked rows (and any other answer), "unknown" for no answer or a 5xx. A save commits
between being sent and being answered, so a saved write sent after another write's answer
committed after it. The database must hold, for each skill, the value of a write that no
saved write of that skill started after it was answered (or, with no saved write, the
starting value or an unknown write's value); and the history must show the row at each
saved write's value at some moment while that write was in flight. Times are the wall
clock (time.time), which the server's history timestamps also use; all on one machine.
"""

import argparse
import html
import json
import random
import re
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from pathlib import Path

EMAIL_DOMAIN = "writeload.example.com"
TIMEOUT = 60  # seconds for one request; gunicorn's own worker timeout is 30
SKILLS_URL = "/profile/skills/"
DASHBOARD_URL = "/dashboard/"
PROJECTS_URL = "/profile/projects/"
PROJECT_NEW_URL = "/profile/projects/new/"
EXPERIENCE_URL = "/profile/experience/"
LOGIN_URL = "/accounts/login/"
# Text that must come back exactly as sent: accents, typographic quotes, markup, ampersand.
ODD_TEXT = "Ünïcode “quotes” & <b>not bold</b> — "
NOT_RATED = [0, "", ""]  # a skill with no rating row: Not started, no notes, no link
# templates/profiles/skills_rate.html marks a row whose input was not saved (rated in
# another tab since the page was read) with border-warning on its fieldset.
CONFLICT_ROW = re.compile(r'<fieldset class="([^"]*)" id="skill-([^"]+)"')


# --------------------------------------------------------------------------- setup (Django)


def django_setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def setup(args):
    """Replace the previous run's accounts with fresh ones and write the run file."""
    django_setup()
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import transaction

    user_model = get_user_model()
    password = secrets.token_urlsafe(16)
    clients = []
    with transaction.atomic():
        user_model.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
        for index in range(args.clients):
            # Client `index` is tab `index % tabs` of person `index // tabs`.
            email = f"person{index // args.tabs}@{EMAIL_DOMAIN}"
            logs_in = index < args.logins
            user = user_model.objects.filter(email=email).first()
            if user is None:
                user = user_model(username=email.split("@")[0], email=email)
                # Hashing is slow on purpose: only accounts that use the form get a password.
                user.set_password(password) if logs_in else user.set_unusable_password()
                user.save()
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            session = None
            if not logs_in:
                store = import_module(settings.SESSION_ENGINE).SessionStore()
                store[SESSION_KEY] = str(user.pk)
                store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
                store[HASH_SESSION_KEY] = user.get_session_auth_hash()
                store.create()
                session = store.session_key
            clients.append(
                {"email": email, "password": password if logs_in else None, "session": session}
            )
    run = {
        "base": args.base,
        "tabs": args.tabs,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "clients": clients,
    }
    Path(args.run_file).write_text(json.dumps(run, indent=1))


# --------------------------------------------------------------------------- client (stdlib)


class LoopbackCookiePolicy(DefaultCookiePolicy):
    """Send Secure cookies over plain http: the server sits behind a pretend TLS proxy on
    the loopback interface (X-Forwarded-Proto: https), as production sits behind a real one."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 302 itself is the acknowledgement: keep it


class Form:
    """A parsed HTML form: what a browser would submit, and the choices it offers."""

    def __init__(self):
        self.values: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}

    def get(self, name, default=""):
        values = self.values.get(name)
        return values[0] if values else default

    def getlist(self, name):
        return list(self.values.get(name, []))

    def set(self, name, value):
        self.values[name] = [value]

    def setlist(self, name, values):
        self.values[name] = list(values)

    def pairs(self):
        return [(name, value) for name, values in self.values.items() for value in values]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form = None
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form()
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox"):
                value = a.get("value", "on")
                self.form.options.setdefault(name, []).append(value)
                self.form.values.setdefault(name, [])
                if "checked" in a:
                    self.form.values[name].append(value)
            else:
                self.form.values[name] = [a.get("value") or ""]
        elif tag == "textarea" and name:
            self.textarea = name
            self.form.values[name] = [""]
        elif tag == "select" and name:
            self.select = (name, "multiple" in a)
            self.form.values[name] = []
            self.form.options[name] = []
        elif tag == "option" and self.select:
            name, _multiple = self.select
            value = a.get("value", "")
            self.form.options[name].append(value)
            if "selected" in a:
                self.form.values[name].append(value)

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form.values[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            text = self.form.values[self.textarea][0]
            # A browser drops one newline right after <textarea> and submits CRLF.
            text = text[1:] if text.startswith("\n") else text
            self.form.values[self.textarea][0] = text.replace("\r\n", "\n")
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            if not multiple and not self.form.values[name] and self.form.options[name]:
                self.form.values[name] = [self.form.options[name][0]]
            self.select = None
        elif tag == "form":
            self.form = None


def form_with(body, field):
    """Return the first form on the page that has a field named `field`."""
    parser = FormParser()
    parser.feed(body)
    for form in parser.forms:
        if field in form.values:
            return form
    return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = Counter()  # status class -> count
        self.seconds = Counter()  # "GET /page/<pk>/" -> seconds spent waiting, and count
        self.timed = Counter()
        self.outcomes = Counter()  # (action, outcome) -> count
        self.problems = []  # (kind, method, path, status, detail), first few of each kind
        self.stale_reads = 0
        self.login_failures = 0
        self.conflict_rows = Counter()  # "changed" / "untouched" -> rows a 409 marked

    def count_request(self, status, method, path, seconds):
        page = method + " " + re.sub(r"/\d+/", "/<pk>/", path.split("?")[0])
        with self.lock:
            self.requests["no answer" if status is None else f"{status // 100}xx"] += 1
            self.seconds[page] += seconds
            self.timed[page] += 1

    def count(self, action, outcome):
        with self.lock:
            self.outcomes[(action, outcome)] += 1

    def problem(self, kind, method, path, status, detail):
        with self.lock:
            if sum(1 for p in self.problems if p[0] == kind) < 10:
                self.problems.append((kind, method, path, status, detail))


class Response:
    def __init__(self, status, location="", body=""):
        self.status, self.location, self.body = status, location, body
        self.sent = self.received = None  # wall-clock seconds; received None: no answer


class Client:
    """One browser tab: own cookies, one request at a time, as its own user (or, with
    --tabs, as a user it shares with other tabs)."""

    def __init__(self, number, account, run, stats, deadline):
        self.number = number
        self.account = account
        self.base = run["base"]
        self.origin = "https://" + urllib.parse.urlsplit(self.base).netloc
        self.stats = stats
        self.deadline = deadline
        self.tabs = run.get("tabs", 1)
        self.rng = random.Random(number)  # noqa: S311 (repeatable choices, not secrets)
        self.jar = CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(self.jar)
        )
        if account["session"]:
            self.set_cookie(run["session_cookie"], account["session"])
        self.seq = 0
        # The ledger: what the server acknowledged, and values whose fate is unknown.
        self.ratings = {"acked": None, "maybe": [], "writes": 0, "saves": []}
        self.projects = {}  # pk or "title:<title>" -> {"acked", "maybe", "writes"}
        self.experiences = {}

    def set_cookie(self, name, value):
        host = urllib.parse.urlsplit(self.base).hostname
        self.jar.set_cookie(
            Cookie(
                version=0, name=name, value=value, port=None, port_specified=False,
                domain=host, domain_specified=False, domain_initial_dot=False,
                path="/", path_specified=True, secure=True, expires=None, discard=False,
                comment=None, comment_url=None, rest={},
            )
        )  # fmt: skip

    # -- http

    def request(self, method, path, pairs=None):
        headers = {"X-Forwarded-Proto": "https"}
        data = None
        if method == "POST":
            data = urllib.parse.urlencode(pairs or []).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path  # each form posts to its own page
        # The base is the loopback http URL the script starts gunicorn on.
        req = urllib.request.Request(  # noqa: S310
            self.base + path, data=data, headers=headers, method=method
        )
        sent = time.time()
        started = time.monotonic()
        try:
            with self.opener.open(req, timeout=TIMEOUT) as answer:
                response = Response(answer.status, "", answer.read().decode())
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            response = Response(error.code, error.headers.get("Location", ""), body)
        except (OSError, urllib.error.URLError) as error:
            self.stats.count_request(None, method, path, time.monotonic() - started)
            self.stats.problem("no answer", method, path, None, f"{error!r}; sent {pairs!r}")
            response = Response(None)
            response.sent = sent  # the server may still commit it at any time
            return response
        response.sent, response.received = sent, time.time()
        self.stats.count_request(response.status, method, path, time.monotonic() - started)
        if response.status >= 500:
            self.stats.problem("5xx", method, path, response.status, f"sent {pairs!r}")
        return response

    def get_form(self, path, field):
        response = self.request("GET", path)
        if response.status != 200:
            self.stats.problem("page", "GET", path, response.status, "")
            return None
        form = form_with(response.body, field)
        if form is None:
            self.stats.problem("page", "GET", path, 200, f"no form with {field}")
        return form

    def post(self, action, path, form, success, entry, state):
        """POST the form; if acknowledged, follow the redirect and return that page.
        `entry` is the ledger entry whose values become `state` once acknowledged."""
        response = self.request("POST", path, form.pairs())
        return self.settle(action, path, form, success, entry, state, response)

    def settle(self, action, path, form, success, entry, state, response):
        """Count the answer to a POST of `form` and update the ledger `entry` (see post)."""
        if acknowledged(response, success):
            self.stats.count(action, "acknowledged")
            entry["acked"], entry["maybe"] = state, []
            entry["writes"] += 1
            return self.request("GET", success)  # as a browser follows the redirect
        if response.status is None or response.status >= 500:
            outcome = "unknown (no answer or 5xx)"
            entry["maybe"].append(state)
        elif response.status == 200:
            outcome = "form shown again"
            errors = re.findall(
                r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)<',
                response.body,
                re.S,
            )
            self.stats.problem(
                "not acknowledged",
                "POST",
                path,
                200,
                f"errors {errors[:3]!r}; sent {form.pairs()!r}",
            )
        elif response.status == 302:
            outcome = f"redirect to {response.location}"
        else:
            outcome = f"{response.status}"
        self.stats.count(action, outcome)
        return None

    def stale(self, what, seen, expected):
        with self.stats.lock:
            self.stats.stale_reads += 1
        self.stats.problem(
            "stale read", "GET", what, 200, f"seen {seen!r}, acknowledged {expected!r}"
        )

    # -- log-in

    def log_in(self):
        form = self.get_form(LOGIN_URL, "password")
        if form is None:
            return False
        form.set("login", self.account["email"])
        form.set("password", self.account["password"])
        response = self.request("POST", LOGIN_URL, form.pairs())
        if (
            response.status == 302
            and urllib.parse.urlsplit(response.location).path == DASHBOARD_URL
        ):
            self.stats.count("log in", "acknowledged")
            return True
        self.stats.count("log in", f"{response.status}")
        with self.stats.lock:
            self.stats.login_failures += 1
        self.stats.problem(
            "log-in failed", "POST", LOGIN_URL, response.status, self.account["email"]
        )
        return False

    # -- actions

    def text(self, what):
        self.seq += 1
        return f"{ODD_TEXT}{what} by client {self.number}, write {self.seq}"

    def link(self):
        return self.rng.choice(["", f"https://example.com/c{self.number}/{self.seq}"])

    def rate_skills(self):
        form = self.get_form(SKILLS_URL, "skills-TOTAL_FORMS")
        if form is None:
            return
        total = int(form.get("skills-TOTAL_FORMS", "0"))
        rows = range(total)

        def state():
            return {
                form.get(f"skills-{i}-skill_slug"): [
                    int(form.get(f"skills-{i}-proficiency", "0")),
                    form.get(f"skills-{i}-notes"),
                    form.get(f"skills-{i}-evidence_url"),
                ]
                for i in rows
            }

        acked = self.ratings["acked"]
        alone = self.tabs == 1  # another tab of the same person may have saved since
        opened = state()
        if alone and acked is not None and not self.ratings["maybe"] and opened != acked:
            self.stale(SKILLS_URL, opened, acked)
        for i in self.rng.sample(list(rows), min(total, self.rng.randint(1, 4))):
            name = f"skills-{i}-proficiency"
            others = [v for v in form.options.get(name, []) if v != form.get(name)]
            form.set(name, self.rng.choice(others))
            if self.rng.random() < 0.5:
                form.set(f"skills-{i}-notes", self.text("notes"))
                form.set(f"skills-{i}-evidence_url", self.link())
        sent = state()
        changed = {slug: value for slug, value in sent.items() if value != opened[slug]}
        response = self.request("POST", SKILLS_URL, form.pairs())
        if response.status == 409:
            conflicts = conflict_rows(response.body)
            self.stats.count("rate skills", f"saved in part: {len(conflicts)} rows in conflict")
            if not conflicts:
                self.stats.problem("409 with no row marked", "POST", SKILLS_URL, 409, "")
            with self.stats.lock:
                self.stats.conflict_rows["changed"] += len(conflicts & set(changed))
                self.stats.conflict_rows["untouched"] += len(conflicts - set(changed))
            # What the database holds is known again only after the next full save.
            self.ratings["acked"], self.ratings["maybe"] = None, []
            self.ratings["writes"] += 1
            outcomes = {slug: "not saved" if slug in conflicts else "saved" for slug in changed}
        else:
            self.settle(
                "rate skills", SKILLS_URL, form, DASHBOARD_URL, self.ratings, sent, response
            )
            if acknowledged(response, DASHBOARD_URL):
                outcome = "saved"
            elif response.status is None or response.status >= 500:
                outcome = "unknown"
            else:
                outcome = "not saved"
            outcomes = dict.fromkeys(changed, outcome)
        self.ratings["saves"] += [
            {
                "skill": slug,
                "value": value,
                "sent": response.sent,
                "received": response.received,
                "outcome": outcomes[slug],
            }
            for slug, value in changed.items()
        ]

    def project_state(self, form):
        return {
            "title": form.get("title").strip(),
            "description": form.get("description").strip(),
            "link": form.get("link"),
            "status": form.get("status"),
            "template": form.get("template") or None,
            "skills": sorted(form.getlist("skills"), key=int),
        }

    def fill_project(self, form):
        form.set("description", self.text("description"))
        form.set("link", self.link())
        form.set("status", self.rng.choice(form.options["status"]))
        form.set("template", self.rng.choice(form.options["template"]))
        skills = form.options["skills"]
        form.setlist("skills", self.rng.sample(skills, self.rng.randint(0, min(3, len(skills)))))

    def add_project(self):
        form = self.get_form(PROJECT_NEW_URL, "title")
        if form is None:
            return
        title = f"Project {self.seq + 1} of client {self.number}"
        form.set("title", title)
        self.fill_project(form)
        entry = {"acked": None, "maybe": [], "writes": 0}
        key = f"title:{title}"
        self.projects[key] = entry
        page = self.post(
            "add project", PROJECT_NEW_URL, form, PROJECTS_URL, entry, self.project_state(form)
        )
        if page:
            pk = self.find_pk(page, PROJECTS_URL, r"/profile/projects/(\d+)/edit/", title)
            if pk:
                self.projects[pk] = self.projects.pop(key)
        elif entry["acked"] is None and not entry["maybe"]:
            del self.projects[key]

    def edit_project(self):
        pk = self.rng.choice([k for k in self.projects if not k.startswith("title:")])
        path = f"/profile/projects/{pk}/edit/"
        form = self.get_form(path, "title")
        if form is None:
            return
        entry = self.projects[pk]
        if not entry["maybe"] and self.project_state(form) != entry["acked"]:
            self.stale(path, self.project_state(form), entry["acked"])
        if self.rng.random() < 0.3:
            form.set("title", f"{form.get('title').split(' (')[0]} (renamed {self.seq})")
        self.fill_project(form)
        self.post("edit project", path, form, PROJECTS_URL, entry, self.project_state(form))

    def experience_state(self, form):
        return {
            "role_title": form.get("role_title").strip(),
            "organisation": form.get("organisation").strip(),
            "start_month": form.get("start_month")[:7],
            "end_month": form.get("end_month")[:7] or None,
            "is_ml_work": bool(form.getlist("is_ml_work")),
        }

    def fill_experience(self, form):
        today = datetime.now(UTC).date()  # the server's TIME_ZONE is UTC
        months_ago = sorted(self.rng.sample(range(1, 120), 2), reverse=True)

        def month(ago):
            y, m = divmod(today.year * 12 + today.month - 1 - ago, 12)
            return f"{y:04d}-{m + 1:02d}"

        form.set("organisation", self.text("organisation"))
        form.set("start_month", month(months_ago[0]))
        form.set("end_month", self.rng.choice(["", month(months_ago[1])]))
        form.setlist("is_ml_work", self.rng.choice([[], ["on"]]))

    def add_experience(self):
        form = self.get_form(EXPERIENCE_URL, "role_title")
        if form is None:
            return
        role = f"Role {self.seq + 1} of client {self.number}"
        form.set("role_title", role)
        self.fill_experience(form)
        entry = {"acked": None, "maybe": [], "writes": 0}
        key = f"title:{role}"
        self.experiences[key] = entry
        page = self.post(
            "add experience",
            EXPERIENCE_URL,
            form,
            EXPERIENCE_URL,
            entry,
            self.experience_state(form),
        )
        if page:
            pk = self.find_pk(page, EXPERIENCE_URL, r"/profile/experience/(\d+)/edit/", role)
            if pk:
                self.experiences[pk] = self.experiences.pop(key)
        elif entry["acked"] is None and not entry["maybe"]:
            del self.experiences[key]

    def edit_experience(self):
        pk = self.rng.choice([k for k in self.experiences if not k.startswith("title:")])
        path = f"/profile/experience/{pk}/edit/"
        form = self.get_form(path, "role_title")
        if form is None:
            return
        entry = self.experiences[pk]
        if not entry["maybe"] and self.experience_state(form) != entry["acked"]:
            self.stale(path, self.experience_state(form), entry["acked"])
        self.fill_experience(form)
        self.post("edit experience", path, form, EXPERIENCE_URL, entry, self.experience_state(form))

    def find_pk(self, first_page, path, link, title):
        """Return the pk of the row named `title` from its edit link on the list pages
        (`first_page` already fetched); a row just acknowledged that no page lists is a
        stale read. Titles hold no comma; an experience is listed as "role, organisation"."""
        pattern = re.compile(f'href="{link}">Edit<span class="visually-hidden"> (.*?)</span>', re.S)
        response = first_page
        for page in range(1, 50):
            if page > 1:
                response = self.request("GET", f"{path}?page={page}")
            if response.status != 200:
                return None
            for pk, name in pattern.findall(response.body):
                if html.unescape(name).split(",")[0] == title:
                    return pk
            if f"?page={page + 1}" not in response.body:
                break
        self.stale(path, "not listed", title)
        return None

    def work(self):
        if self.account["password"] and not self.log_in():
            return
        while time.monotonic() < self.deadline:
            actions = [self.rate_skills, self.add_project, self.add_experience]
            if any(not k.startswith("title:") for k in self.projects):
                actions.append(self.edit_project)
            if any(not k.startswith("title:") for k in self.experiences):
                actions.append(self.edit_experience)
            self.rng.choice(actions)()

    def ledger(self):
        return {
            "email": self.account["email"],
            "ratings": self.ratings,
            "projects": self.projects,
            "experiences": self.experiences,
        }


def acknowledged(response, success):
    """Whether the answer is the success redirect to the path `success`."""
    return response.status == 302 and urllib.parse.urlsplit(response.location).path == success


def conflict_rows(body):
    """Return the slugs of the rows a 409 page of My skills marks as not saved."""
    return {slug for classes, slug in CONFLICT_ROW.findall(body) if "border-warning" in classes}


def run(args):
    run_data = json.loads(Path(args.run_file).read_text())
    stats = Stats()
    started = time.monotonic()
    deadline = started + args.duration
    clients = [
        Client(number, account, run_data, stats, deadline)
        for number, account in enumerate(run_data["clients"])
    ]
    threads = [threading.Thread(target=c.work, name=f"client{c.number}") for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(stats.requests.values())
    print(
        f"requests        {total:7d}  in {elapsed:.0f}s, {total / elapsed:.1f}/s  "
        + ", ".join(f"{k} {v}" for k, v in sorted(stats.requests.items()))
    )

    def in_order(item):  # "saved in part: 10 rows ..." after "... 9 rows ..."
        (action, outcome), _n = item
        return action, [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", outcome)]

    for (action, outcome), n in sorted(stats.outcomes.items(), key=in_order):
        print(f"  {action:16s} {outcome:36s} {n:6d}")
    print("mean latency")
    for page, n in sorted(stats.timed.items()):
        print(f"  {page:40s} {n:6d} requests {stats.seconds[page] / n * 1000:8.0f} ms")
    run_data["stats"] = {
        "requests": total,
        "by_class": dict(stats.requests),
        "acknowledged": sum(
            n for (a, o), n in stats.outcomes.items() if o == "acknowledged" and a != "log in"
        ),
        "not_acknowledged": sum(
            n
            for (a, o), n in stats.outcomes.items()
            if o != "acknowledged" and not o.startswith("saved in part")
        ),
        "saved_in_part": sum(
            n for (a, o), n in stats.outcomes.items() if o.startswith("saved in part")
        ),
        "conflict_rows": dict(stats.conflict_rows),
        "stale_reads": stats.stale_reads,
        "login_failures": stats.login_failures,
        "problems": stats.problems,
    }
    run_data["ledgers"] = [c.ledger() for c in clients]
    Path(args.run_file).write_text(json.dumps(run_data, indent=1))


# --------------------------------------------------------------------------- check (Django)


def check(args):
    """Compare the database with the ledgers; print the figures; return 1 on any failure."""
    django_setup()
    from django.contrib.auth import get_user_model

    run_data = json.loads(Path(args.run_file).read_text())
    stats = run_data["stats"]
    emails = [ledger["email"] for ledger in run_data["ledgers"]]
    users = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    tabs = {}  # a person's ledgers, one per client (tab) signed in as them
    for ledger in run_data["ledgers"]:
        tabs.setdefault(ledger["email"], []).append(ledger)
    missing, breaks, extra = [], [], 0
    figures = Counter()  # how much the rating check had to go on
    for email, ledgers in tabs.items():
        user = users[email]
        missing += [(email, *item) for item in ratings_missing(user, ledgers, figures)]
        breaks += [(email, *item) for item in history_breaks(user)]
        for kind in ("projects", "experiences"):
            lost, unacknowledged = rows_missing(user, kind, [ledger[kind] for ledger in ledgers])
            missing += [(email, kind, *item) for item in lost]
            extra += unacknowledged

    fivexx = stats["by_class"].get("5xx", 0)
    no_answer = stats["by_class"].get("no answer", 0)
    print(f"5xx              {fivexx:7d}")
    print(f"no answer        {no_answer:7d}")
    print(f"acknowledged     {stats['acknowledged']:7d}  writes")
    print(f"not acknowledged {stats['not_acknowledged']:7d}  (outcomes above)")
    conflicts = stats.get("conflict_rows", {})
    print(
        f"saved in part    {stats.get('saved_in_part', 0):7d}  rating saves answered 409: rows in"
        f" conflict not saved ({conflicts.get('changed', 0)} changed by the tab,"
        f" {conflicts.get('untouched', 0)} left as opened), the others saved"
    )
    print(
        f"missing writes   {len(missing):7d}  acknowledged values not in the database"
        " (ratings: per skill, see ratings_missing)"
    )
    print(
        f"ratings checked  {figures['skills']:7d}  skills ({figures['ambiguous']} with more than"
        f" one candidate last write), {figures['saved']} saved rows looked up in the history"
    )
    print(f"history breaks   {len(breaks):7d}")
    print(f"stale reads      {stats['stale_reads']:7d}  a page not showing an acknowledged write")
    print(f"log-in failures  {stats['login_failures']:7d}")
    print(f"rows never acknowledged {extra}  (the answer was lost; allowed)")
    for kind, method, path, status, detail in stats["problems"]:
        print(f"  {kind}: {method} {path} -> {status}: {detail[:600]}")
    for item in missing[:10]:
        print(f"  missing: {item!r}"[:800])
    for item in breaks[:10]:
        print(f"  history break: {item!r}")
    failed = fivexx or no_answer or missing or breaks
    failed = failed or stats["stale_reads"] or stats["login_failures"]
    print("FAIL" if failed else "OK: no 5xx, and every acknowledged write is in the database")
    return 1 if failed else 0


def ratings_missing(user, ledgers, figures):
    """Return (skill, in database, allowed values) for each skill whose rating is no
    candidate last write of it (see rating_candidates), and (skill, proficiency, write) for
    each saved write the rating history never shows (see unseen_in_history)."""
    from profiles.models import SkillRating, SkillRatingChange

    writes = {}  # skill slug -> every write of it, from every tab of the person
    for ledger in ledgers:
        for write in ledger["ratings"]["saves"]:
            writes.setdefault(write["skill"], []).append(write)
    rows = {
        r.skill.slug: [r.proficiency, r.notes, r.evidence_url]
        for r in SkillRating.objects.filter(user=user).select_related("skill")
    }
    history = {}  # skill slug -> [(changed_at as a timestamp, new proficiency)], in order
    for slug, changed_at, new in (
        SkillRatingChange.objects.filter(user=user)
        .order_by("changed_at", "pk")
        .values_list("skill__slug", "changed_at", "new_proficiency")
    ):
        history.setdefault(slug, []).append((changed_at.timestamp(), new))
    missing = []
    for slug in sorted(set(writes) | set(rows)):
        actual = rows.get(slug, NOT_RATED)
        allowed = rating_candidates(writes.get(slug, []))
        figures["skills"] += 1
        figures["ambiguous"] += len({json.dumps(value) for value in allowed}) > 1
        figures["saved"] += sum(w["outcome"] == "saved" for w in writes.get(slug, []))
        if actual not in allowed:
            missing.append(("rating", slug, actual, allowed))
        for write in unseen_in_history(writes.get(slug, []), history.get(slug, [])):
            missing.append(("rating history", slug, write["value"][0], write))
    return missing


def rating_candidates(writes):
    """Return the values one skill's rating may hold after `writes` (dicts with value, sent,
    received, outcome; received None: no answer), from every tab of one person.

    The last write to commit was saved or unknown; a saved write sent after another write
    was answered committed after it, so that other write cannot be the last. With no saved
    write, the rating may also be as it started (new accounts: not rated)."""
    saved = [w for w in writes if w["outcome"] == "saved"]
    maybe = saved + [w for w in writes if w["outcome"] == "unknown"]
    allowed = [
        w["value"]
        for w in maybe
        if not any(w["received"] is not None and later["sent"] > w["received"] for later in saved)
    ]
    return allowed if saved else [NOT_RATED, *allowed]


def unseen_in_history(writes, changes):
    """Return the saved writes whose proficiency the rating never held while they were in
    flight, by the history `changes` [(timestamp, new proficiency)] in commit order.

    One person's saves run one at a time and stamp their changes after taking the lock, so
    when a saved write committed (between sent and received) the history's last change
    before that moment ends at its proficiency (or there is none and it is Not started)."""
    unseen = []
    for write in writes:
        if write["outcome"] != "saved":
            continue
        before = [new for at, new in changes if at <= write["sent"]]
        held = {before[-1] if before else 0}
        held |= {new for at, new in changes if write["sent"] < at <= write["received"]}
        if write["value"][0] not in held:
            unseen.append(write)
    return unseen


def history_breaks(user):
    """Return the places where a skill's changes do not chain (each old is the previous new,
    from nothing or Not started) or do not end at the current rating."""
    from profiles.models import SkillRating, SkillRatingChange

    current = {
        slug: proficiency
        for slug, proficiency in SkillRating.objects.filter(user=user).values_list(
            "skill__slug", "proficiency"
        )
    }
    history = {}
    for change in (
        SkillRatingChange.objects.filter(user=user)
        .select_related("skill")
        .order_by("changed_at", "pk")
    ):
        history.setdefault(change.skill.slug, []).append(change)
    breaks = []
    for slug in sorted(set(history) | set(current)):
        previous = None
        for change in history.get(slug, []):
            old, new = change.old_proficiency, change.new_proficiency
            chains = old in (None, 0) if previous is None else old == previous
            if not chains or old == new:
                breaks.append((slug, f"change {change.pk}: {old} -> {new} after {previous}"))
            previous = new
        if (previous or 0) != current.get(slug, 0):
            breaks.append((slug, f"history ends at {previous}, rating is {current.get(slug)}"))
    return breaks


def rows_missing(user, kind, ledgers):
    """Return ([(key, in database, acknowledged)], number of rows never acknowledged)."""
    from profiles.models import Experience, Project

    if kind == "projects":
        rows = Project.objects.filter(user=user).prefetch_related("skills")
        fields, title = project_fields, "title"
    else:
        rows, fields, title = Experience.objects.filter(user=user), experience_fields, "role_title"
    by_pk = {row.pk: fields(row) for row in rows}
    by_title = {values[title]: (pk, values) for pk, values in by_pk.items()}
    lost, seen = [], set()
    entries = [item for ledger in ledgers for item in ledger.items()]
    for key, entry in entries:
        if key.startswith("title:"):  # acknowledged, but the list page did not show it
            pk, actual = by_title.get(key.removeprefix("title:"), (None, None))
        else:
            pk, actual = int(key), by_pk.get(int(key))
        seen.add(pk)
        if entry["acked"] is not None and actual not in [entry["acked"], *entry["maybe"]]:
            lost.append((key, actual, entry["acked"]))
    return lost, len(set(by_pk) - seen)


def project_fields(project):
    return {
        "title": project.title,
        "description": project.description,
        "link": project.link,
        "status": project.status,
        "template": str(project.template_id) if project.template_id else None,
        "skills": sorted((str(s.pk) for s in project.skills.all()), key=int),
    }


def experience_fields(experience):
    return {
        "role_title": experience.role_title,
        "organisation": experience.organisation,
        "start_month": f"{experience.start_month:%Y-%m}",
        "end_month": f"{experience.end_month:%Y-%m}" if experience.end_month else None,
        "is_ml_work": experience.is_ml_work,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("setup")
    p.add_argument("run_file")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--logins", type=int, default=5)
    p.add_argument("--tabs", type=int, default=1)
    p.add_argument("--base", default="http://127.0.0.1:8766")
    p = sub.add_parser("run")
    p.add_argument("run_file")
    p.add_argument("--duration", type=float, default=60)
    p = sub.add_parser("check")
    p.add_argument("run_file")
    args = parser.parse_args()
    sys.exit({"setup": setup, "run": run, "check": check}[args.step](args) or 0)


if __name__ == "__main__":
    main()
