"""The public ladder pages, as an anonymous visitor sees them, and what each costs.

Database queries per page, measured on SQLite and PostgreSQL alike with
tests.queries.assert_max_queries, which leaves out the SAVEPOINT / RELEASE SAVEPOINT pair
that ATOMIC_REQUESTS adds inside a test's transaction. The pages read the ladder from its
cached snapshot (ladder/snapshot.py), so once it is built they run no query of their own
for a signed-out visitor, whatever the size of the ladder (`ten_times_ladder`: 40 levels,
239 skills, 399 courses). Building the snapshot takes a fixed number of queries.

| page                          | before the snapshot | with it | limit |
|-------------------------------|---------------------|---------|-------|
| /                             | 4                   | 0       | 4     |
| /ladder/                      | 4                   | 0       | 4     |
| /ladder/<slug>/ (every level) | 8                   | 0       | 4     |
| /skills/                      | 3                   | 0       | 4     |
| /skills/<slug>/               | 3                   | 0       | 4     |
| /faq/                         | 4                   | 0       | 4     |
| /ladder/<unknown>/ (404)      | 3                   | 0       | 4     |
| /skills/<unknown>/ (404)      | 2                   | 0       | 4     |
"""

import pytest

from careerpath import versions
from ladder.models import Level, Proficiency, Requirement, Skill, SkillCategory
from ladder.snapshot import build_ladder, ladder_snapshot
from tests.ladder.content import shipped_slugs
from tests.ladder.factories import SkillFactory
from tests.ladder.pages import links, page_structure, page_text
from tests.queries import assert_max_queries, count_queries

LEVEL_SLUGS = shipped_slugs("ladder.level")
MAIN_LEVEL_SLUGS = LEVEL_SLUGS[:4]  # the fixture lists the main track's levels first
BRANCH_LEVEL_SLUGS = LEVEL_SLUGS[4:]
SKILL_SLUGS = shipped_slugs("ladder.skill")
SPECIALISATION_SLUGS = shipped_slugs("ladder.specialisation")
LISTING_PAGES = ["/", "/ladder/", "/skills/", "/faq/"]
# Issue 9: the rest of the source documents
CONTENT_PAGES = ["/path/", "/what-ml-engineers-do/", "/specialisations/", "/careers/"]
PUBLIC_PAGES = [
    *LISTING_PAGES,
    *CONTENT_PAGES,
    *(f"/ladder/{slug}/" for slug in LEVEL_SLUGS),
    *(f"/skills/{slug}/" for slug in SKILL_SLUGS),
    *(f"/specialisations/{slug}/" for slug in SPECIALISATION_SLUGS),
]
MISSING_PAGES = ["/ladder/no-such-level/", "/skills/no-such-skill/"]

QUERY_LIMITS = dict.fromkeys(
    ["home", "levels", "level", "skills", "skill", "faq", "missing level", "missing skill"], 4
)
SNAPSHOT_BUILD_QUERIES = 19


@pytest.fixture(autouse=True)
def production_error_pages(settings):
    settings.DEBUG = False


def level_url(slug):
    return f"/ladder/{slug}/"


def skill_url(slug):
    return f"/skills/{slug}/"


# The page checker itself: a checker that passes everything would make the tests below
# pass whatever the templates do.


def test_page_checker_accepts_a_well_formed_page():
    html = (
        "<html><head><title>Skills</title></head><body><h1>Skills</h1><h2>A</h2><h3>B</h3>"
        '<h2>C</h2><label for="q">Search</label><input id="q" name="q">'
        '<label>Name <input name="name"></label><input name="code" aria-label="Code">'
        '<input type="hidden" name="csrf"><input type="submit" value="Go"></body></html>'
    )

    assert page_structure(html).problems() == []


def test_page_checker_reports_no_title_a_second_h1_a_skipped_level_and_an_unlabelled_input():
    html = '<body><h1>A</h1><h3>B</h3><h1>C</h1><input name="q"><select name="s"></select></body>'

    problems = page_structure(html).problems()

    assert len(problems) == 5
    assert "the page has no <title>" in problems
    assert "the page has 2 <h1> elements, not one" in problems
    assert any("<h3> 'B' follows <h1>" in problem for problem in problems)
    assert "<input name='q'> has no label" in problems
    assert "<select name='s'> has no label" in problems


# Every page.


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_opens_for_an_anonymous_visitor(loaded_ladder, client, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", PUBLIC_PAGES + MISSING_PAGES)
def test_every_page_has_a_title_one_h1_headings_in_order_and_labelled_fields(
    loaded_ladder, client, url
):
    structure = page_structure(client.get(url))

    assert structure.problems() == []


@pytest.mark.parametrize("url", LISTING_PAGES + [level_url(LEVEL_SLUGS[1]), skill_url("python")])
def test_a_signed_in_member_gets_the_same_well_formed_public_pages(
    loaded_ladder, owner_client, url
):
    response = owner_client.get(url)

    assert response.status_code == 200
    assert page_structure(response).problems() == []


@pytest.mark.parametrize("url", MISSING_PAGES)
def test_an_unknown_level_or_skill_shows_our_page_not_found(loaded_ladder, client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "Page not found" in page_text(response)


# What each page shows.


def test_home_page_shows_every_level_with_its_pay_and_years(loaded_ladder, client):
    response = client.get("/")
    text = page_text(response)

    for level in Level.objects.main():
        assert level.title in text
        assert f"{level.salary_band}" in text
        assert level.years_range in text
        assert (level.get_absolute_url(), level.title) in links(response)
    assert "$70K–$100K" in text
    assert "$220K–$350K+" in text
    assert "8+ years" in text


def test_home_page_invites_an_anonymous_visitor_to_sign_up(loaded_ladder, client):
    link_texts = [text for _, text in links(client.get("/"))]

    assert "Sign up free and find your level" in link_texts


def test_ladder_page_shows_every_level_with_pay_years_summary_and_key_skills(loaded_ladder, client):
    text = page_text(client.get("/ladder/"))

    for level in Level.objects.main().prefetch_related("key_skills"):
        assert level.title in text
        assert level.salary_band in text
        assert level.years_range in text
        assert level.summary in text
        for skill in level.key_skills.all():
            assert skill.name in text
    assert "0–2 years" in text
    assert "$110K–$160K" in text


@pytest.mark.parametrize("slug", MAIN_LEVEL_SLUGS)
def test_level_page_shows_pay_years_responsibilities_key_skills_and_focus(
    loaded_ladder, client, slug
):
    level = Level.objects.get(slug=slug)
    response = client.get(level_url(slug))
    text = page_text(response)
    page_links = links(response)

    assert page_structure(response).headings[0] == (1, level.title)
    assert f"{level.salary_band} a year" in text
    assert level.years_range in text
    assert level.summary in text
    assert level.focus in text
    for responsibility in level.responsibilities.all():
        assert responsibility.text in text
    for skill in level.key_skills.all():
        assert (skill.get_absolute_url(), skill.name) in page_links
        for course in skill.courses.all():
            assert (course.url, course.title) in page_links
            assert course.format_label in text
    for project in level.project_templates.all():
        assert project.title in text


def test_level_page_lists_courses_with_links_to_the_course(loaded_ladder, client):
    page_links = links(client.get(level_url("junior-ml-engineer")))

    assert ("https://www.kaggle.com/learn/python", "Python") in page_links
    assert (
        "https://scikit-learn.org/stable/tutorial/index.html",
        "scikit-learn Tutorials",
    ) in page_links


def test_level_page_states_the_entry_requirements_in_words(loaded_ladder, client):
    text = page_text(client.get(level_url("ml-engineer")))

    assert "At least 2 years of machine learning experience." in text
    assert "Python at Proficient or above" in text
    assert "Linear Algebra/Statistics at Proficient or above" in text
    assert "Scikit-learn at Proficient or above" in text
    assert "TensorFlow/PyTorch at Learning or above" in text
    assert "NLP/Computer Vision at Learning or above" in text


@pytest.mark.parametrize("slug", MAIN_LEVEL_SLUGS[1:])
def test_level_page_names_every_requirement_with_its_minimum_proficiency(
    loaded_ladder, client, slug
):
    level = Level.objects.get(slug=slug)
    response = client.get(level_url(slug))
    text = page_text(response)

    requirements = list(level.requirements.select_related("skill"))
    assert requirements
    for requirement in requirements:
        label = Proficiency(requirement.min_proficiency).label
        assert f"{requirement.skill.name} at {label} or above" in text
        assert (requirement.skill.get_absolute_url(), requirement.skill.name) in links(response)
    years = "year" if level.years_min == 1 else "years"
    assert f"At least {level.years_min} {years} of machine learning experience." in text


@pytest.mark.parametrize("slug", BRANCH_LEVEL_SLUGS)
def test_a_branch_tracks_level_shows_no_salary_and_the_years_of_its_branch_point(
    loaded_ladder, client, slug
):
    level = Level.objects.get(slug=slug)
    response = client.get(level_url(slug))
    text = page_text(response)

    assert page_structure(response).problems() == []
    assert "Salary: no figure given by the sources" in text
    assert "$0" not in text
    assert "the years of Senior ML Engineer (5+)" in text
    assert "The years of machine learning experience of Senior ML Engineer" in text
    for requirement in level.requirements.select_related("skill"):
        label = Proficiency(requirement.min_proficiency).label
        assert f"{requirement.skill.name} at {label} or above" in text
    assert ("/ladder/senior-ml-engineer/", "← Previous level: Senior ML Engineer") in links(
        response
    )


def test_first_level_page_says_there_is_nothing_to_meet_to_start(loaded_ladder, client):
    text = page_text(client.get(level_url(LEVEL_SLUGS[0])))

    assert "None: everyone starts here." in text
    assert "of machine learning experience" not in text


@pytest.mark.parametrize(
    ("slug", "next_slug"), list(zip(MAIN_LEVEL_SLUGS, MAIN_LEVEL_SLUGS[1:], strict=False))
)
def test_level_page_says_how_to_advance_and_links_to_the_next_level(
    loaded_ladder, client, slug, next_slug
):
    level, following = Level.objects.get(slug=slug), Level.objects.get(slug=next_slug)
    response = client.get(level_url(slug))
    text = page_text(response)

    assert f"How to advance to {following.title}" in text
    assert level.how_to_advance in text
    assert (following.get_absolute_url(), f"Next level: {following.title} →") in links(response)


def test_top_level_page_says_it_is_the_top_and_links_only_back(loaded_ladder, client):
    top, below = Level.objects.main().order_by("-order")[:2]
    response = client.get(top.get_absolute_url())
    page_links = links(response)

    assert "The top of the ladder" in page_text(response)
    assert not any(text.startswith("Next level") for _, text in page_links)
    assert (below.get_absolute_url(), f"← Previous level: {below.title}") in page_links


@pytest.mark.parametrize("slug", SKILL_SLUGS)
def test_skill_page_shows_its_rubric_courses_and_level(loaded_ladder, client, slug):
    skill = Skill.objects.select_related("level").get(slug=slug)
    response = client.get(skill_url(slug))
    text = page_text(response)
    page_links = links(response)

    assert page_structure(response).headings[0] == (1, skill.name)
    assert skill.description in text
    for step, label, description in skill.rubric:
        assert f"{step} · {label} {description}" in text
    for course in skill.courses.all():
        assert (course.url, course.title) in page_links
    if skill.level:
        assert (skill.level.get_absolute_url(), skill.level.title) in page_links
    else:
        assert "a deeper skill of a specialisation" in text


def test_skill_page_shows_the_four_proficiency_steps_in_order(loaded_ladder, client):
    text = page_text(client.get(skill_url("python")))

    steps = ["1 · Learning", "2 · Practicing", "3 · Proficient", "4 · Expert"]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Not started" not in text


def test_skill_page_lists_the_levels_that_require_it_and_at_what_step(loaded_ladder, client):
    text = page_text(client.get(skill_url("tensorflow-pytorch")))

    assert "To enter Machine Learning Engineer: Learning or above" in text
    assert "To enter Senior ML Engineer: Proficient or above" in text


@pytest.mark.parametrize("slug", SKILL_SLUGS)
def test_skill_page_names_every_level_that_requires_the_skill(loaded_ladder, client, slug):
    requirements = Requirement.objects.filter(skill__slug=slug).select_related("level")
    response = client.get(skill_url(slug))
    text = page_text(response)

    for requirement in requirements:
        label = Proficiency(requirement.min_proficiency).label
        assert f"To enter {requirement.level.title}: {label} or above" in text
        assert (requirement.level.get_absolute_url(), requirement.level.title) in links(response)
    if not requirements:
        assert "No level sets an entry requirement on it" in text


def test_skills_page_lists_every_skill_under_its_category(loaded_ladder, client):
    response = client.get("/skills/")
    headings = [text for level, text in page_structure(response).headings if level == 2]
    page_links = links(response)

    used = set(Skill.objects.values_list("category", flat=True))
    assert headings == [label for value, label in SkillCategory.choices if value in used]
    for skill in Skill.objects.select_related("level"):
        assert any(
            href == skill.get_absolute_url() and text.startswith(skill.name)
            for href, text in page_links
        ), skill.slug


def test_faq_answers_what_each_level_needs_and_the_salary_range(loaded_ladder, client):
    response = client.get("/faq/")
    text = page_text(response)

    for level in Level.objects.main().prefetch_related("key_skills"):
        names = ", ".join(skill.name for skill in level.key_skills.all())
        assert f"What skills do I need for the {level.title} level?" in text
        assert f"The key skills for {level.title} ({level.years_range}) are {names}." in text
    assert (
        "From $70K–$100K a year as a Junior ML Engineer / ML Intern "
        "to $220K–$350K+ a year as ML Architect / Head of AI." in text
    )


# The pages are built from the data: an edit shows at once.


def test_a_salary_change_shows_at_once_on_the_faq_and_ladder_pages(loaded_ladder, client):
    versions.update(Level.objects.filter(order=1), salary_min=75_000, salary_max=105_000)

    for url in ["/faq/", "/ladder/", "/"]:
        text = page_text(client.get(url))
        assert "$75K–$105K" in text, url
        assert "$70K–$100K" not in text, url


def test_a_new_key_skill_shows_at_once_on_the_faq_ladder_and_level_pages(loaded_ladder, client):
    level = Level.objects.get(slug="ml-architect")
    SkillFactory(level=level, name="Quantum Machine Learning", order=99)

    for url in ["/faq/", "/ladder/", level.get_absolute_url(), "/skills/"]:
        assert "Quantum Machine Learning" in page_text(client.get(url)), url
    faq = page_text(client.get("/faq/"))
    assert "Cross-functional AI Adoption, Quantum Machine Learning." in faq


# Query counts: the same limit with the real content and with ten times as much.


def pages_to_count():
    """Return (url, limit) for every page, for whatever content is in the database."""
    top = Level.objects.main().order_by("-order").first()
    required = Skill.objects.filter(requirements__isnull=False).order_by("pk").first()
    not_required = Skill.objects.filter(requirements__isnull=True).order_by("-pk").first()
    return [
        ("/", QUERY_LIMITS["home"]),
        ("/ladder/", QUERY_LIMITS["levels"]),
        *((level.get_absolute_url(), QUERY_LIMITS["level"]) for level in Level.objects.main()[:4]),
        (top.get_absolute_url(), QUERY_LIMITS["level"]),
        ("/skills/", QUERY_LIMITS["skills"]),
        (required.get_absolute_url(), QUERY_LIMITS["skill"]),
        (not_required.get_absolute_url(), QUERY_LIMITS["skill"]),
        ("/faq/", QUERY_LIMITS["faq"]),
        *((url, 4) for url in CONTENT_PAGES),
        ("/specialisations/reinforcement-learning/", 4),
        ("/ladder/research-scientist/", 4),
        (MISSING_PAGES[0], QUERY_LIMITS["missing level"]),
        (MISSING_PAGES[1], QUERY_LIMITS["missing skill"]),
    ]


def test_every_page_stays_within_its_query_limit(loaded_ladder, client):
    ladder_snapshot()
    for url, limit in pages_to_count():
        with assert_max_queries(limit, info=url):
            client.get(url)


def test_building_the_ladder_snapshot_takes_the_same_queries_at_ten_times_the_content(
    ten_times_ladder,
):
    assert count_queries(build_ladder) == SNAPSHOT_BUILD_QUERIES


def test_every_page_keeps_its_query_limit_with_ten_times_the_content(ten_times_ladder, client):
    assert Level.objects.main().count() == 40
    assert Skill.objects.count() >= 230
    ladder_snapshot()
    for url, limit in pages_to_count():
        with assert_max_queries(limit, info=url):
            response = client.get(url)
        assert response.status_code in (200, 404), url
    top = Level.objects.main().get(order=40)
    assert top.title in page_text(client.get("/ladder/"))
