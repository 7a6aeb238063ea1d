"""Issue 17: the level pages, compare tracks and the dashboard tell a learner the same thing.

A level page checks the whole chain below the level (profiles.assessment.entry_checks, the
rules the dashboard and compare tracks use), compare tracks' targets make sense, and a skill
nobody rated reads the same everywhere (NOT_RATED)."""

import pytest
from django.urls import reverse

from ladder.models import Level, Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from profiles.assessment import NOT_RATED
from profiles.models import Profile
from tests.dates import months_ago
from tests.ladder.pages import page_text
from tests.mentoring.support import client_for
from tests.profiles.factories import ExperienceFactory, SkillRatingFactory
from tests.profiles.html import parse, section
from tests.queries import assert_max_queries

LINEAR_ALGEBRA = "Linear Algebra/Statistics"
COMPARE = "/compare/"


def years_of_ml_work(user, years):
    ExperienceFactory(
        user=user, start_month=months_ago(12 * years), end_month=None, is_ml_work=True
    )


def rate_up_to(user, order, *, except_=None, at=None):
    """Rate every skill the main ladder's levels up to `order` ask for at the highest minimum
    asked; `except_` ({slug: proficiency}) overrides some."""
    needs: dict[str, int] = {}
    for level in Level.objects.main().filter(order__lte=order).prefetch_related("requirements"):
        for requirement in level.requirements.select_related("skill"):
            slug = requirement.skill.slug
            needs[slug] = max(needs.get(slug, 0), at or requirement.min_proficiency)
    needs.update(except_ or {})
    for slug, proficiency in needs.items():
        SkillRatingFactory(user=user, skill=Skill.objects.get(slug=slug), proficiency=proficiency)


def held_back_by_linear_algebra(user):
    """Every skill of the whole ladder at Expert and ten years of work, but Linear
    Algebra/Statistics, a Junior key skill, only at Learning: a Junior."""
    rate_up_to(user, 99, at=Proficiency.EXPERT, except_={"linear-algebra-statistics": 1})
    years_of_ml_work(user, 10)


def requirements_card(client, slug):
    response = client.get(reverse("ladder:level", args=[slug]))
    assert response.status_code == 200
    return section(parse(response), "req-heading")


def inherited_line(card):
    return card.find("li", class_="inherited").text


def compare_cards(client):
    """Return {level title: the text of its card on compare tracks}."""
    page = parse(client.get(COMPARE))
    return {
        h3.find("a").text: h3.parent.text
        for h3 in page.find_all("h3", class_="h6")
        if h3.parent.attrs.get("class") == "card-body"
        and h3.find_all("a")
        and not h3.find_all("a")[0].attrs.get("href", "").startswith("/careers")
    }


def test_a_learner_held_back_by_a_junior_skill_sees_it_on_the_level_page_compare_and_dashboard(
    ladder, user
):
    held_back_by_linear_algebra(user)
    client = client_for(user)

    card = requirements_card(client, "ml-architect")
    assert "1 requirement still missing" in card.text
    assert card.text.count("You meet this:") == 6  # its own years and five skills
    assert card.text.count("Not met yet:") == 1
    line = inherited_line(card)
    assert "Not met yet:" in line
    assert "Every entry requirement of Senior ML Engineer and the levels below it" in line
    assert "you also need everything of Senior ML Engineer: 1 missing" in line
    assert f"{LINEAR_ALGEBRA} at Proficient (you: Learning)" in line

    architect = compare_cards(client)["ML Architect / Head of AI"]
    assert "1 gap" in architect
    assert f"{LINEAR_ALGEBRA}: Learning (needs Proficient)" in architect

    dashboard = parse(client.get("/dashboard/"))
    assert "Junior ML Engineer" in section(dashboard, "level-heading").text
    assert f"Not met: {LINEAR_ALGEBRA}: Learning (needs Proficient)" in (
        section(dashboard, "next-heading").text
    )
    assert LINEAR_ALGEBRA in section(dashboard, "step-heading").text


def test_a_level_page_ticks_the_levels_below_for_a_learner_who_meets_them(ladder, user):
    rate_up_to(user, 3)
    years_of_ml_work(user, 6)

    card = requirements_card(client_for(user), "ml-architect")

    line = inherited_line(card)
    assert "You meet this:" in line
    assert "Every entry requirement of Senior ML Engineer and the levels below it" in line
    assert "(you meet all" in line
    assert "Not met yet:" in card.text  # the architect's own skills and years


def test_the_second_level_has_no_inherited_line_the_first_asks_for_nothing(ladder, user):
    card = requirements_card(client_for(user), "ml-engineer")

    assert not card.find_all("li", class_="inherited")


@pytest.mark.parametrize("meets_senior", [False, True])
def test_a_branch_level_ticks_or_crosses_every_entry_requirement_of_senior(
    ladder, user, meets_senior
):
    if meets_senior:
        rate_up_to(user, 3)
        years_of_ml_work(user, 6)

    line = inherited_line(requirements_card(client_for(user), "research-scientist"))

    assert "Every entry requirement of Senior ML Engineer and the levels below it" in line
    assert ("You meet this:" in line) is meets_senior
    assert ("Not met yet:" in line) is not meets_senior


def test_a_visitor_sees_the_inherited_requirement_without_ticks(ladder, client):
    card = requirements_card(client, "ml-architect")

    assert "Every entry requirement of Senior ML Engineer and the levels below it." in card.text
    assert "You meet this" not in card.text
    assert "Not met yet" not in card.text


PERSONAS = {
    "new": lambda user: None,
    "held back by a junior skill": held_back_by_linear_algebra,
    "engineer": lambda user: (rate_up_to(user, 2), years_of_ml_work(user, 3)),
    "senior": lambda user: (rate_up_to(user, 3), years_of_ml_work(user, 6)),
    "architect": lambda user: (rate_up_to(user, 4), years_of_ml_work(user, 9)),
    "career changer": lambda user: rate_up_to(user, 3, at=Proficiency.EXPERT),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_level_page_agrees_with_compare_tracks(ladder, user, persona):
    PERSONAS[persona](user)
    client = client_for(user)
    cards = compare_cards(client)

    for level in ladder_snapshot().all_levels:
        if level.is_first:
            continue
        card = requirements_card(client, level.slug).text
        on_compare = cards[level.title]
        if "You hold this level" in on_compare:
            assert "You meet every entry requirement of this level" in card, level.slug
        else:
            gaps = int(on_compare.split("ready · ")[1].split(" gap")[0])
            assert f"{gaps} requirement{'s' if gaps != 1 else ''} still missing" in card, level.slug


def test_a_signed_in_level_page_stays_within_its_query_limit(ladder, user):
    held_back_by_linear_algebra(user)
    client = client_for(user)
    client.get("/ladder/ml-architect/")  # the snapshot's memo

    with assert_max_queries(4, info="level page signed in"):
        response = client.get("/ladder/ml-architect/")

    assert response.status_code == 200


# Compare tracks: targets that make sense


def test_the_default_target_reads_as_a_suggestion_until_one_is_chosen(ladder, user):
    client = client_for(user)
    text = page_text(client.get(COMPARE))

    assert "Suggested next level: Machine Learning Engineer" in text
    assert "your target" not in text.lower().replace("choose your target", "")
    card = compare_cards(client)["Machine Learning Engineer"]
    assert "suggested next level" in card
    assert "Make this my target" in card

    client.post(reverse("profiles:target_set", args=["ml-engineer"]))
    card = compare_cards(client)["Machine Learning Engineer"]
    assert "your target" in card
    assert "Make this my target" not in card


def test_levels_held_offer_no_make_this_my_target(ladder, user):
    rate_up_to(user, 2)
    years_of_ml_work(user, 3)

    cards = compare_cards(client_for(user))

    for title in ("Junior ML Engineer / ML Intern", "Machine Learning Engineer"):
        assert "You hold this level" in cards[title]
        assert "Make this my target" not in cards[title]
    assert "Make this my target" in cards["Senior ML Engineer"]


def test_at_the_top_of_the_ladder_compare_suggests_the_branches_not_the_level_held(ladder, user):
    rate_up_to(user, 4)
    years_of_ml_work(user, 9)

    response = client_for(user).get(COMPARE)
    lead = parse(response).find("p", id="target-now").text
    directions = section(parse(response), "directions-heading")

    assert "Your target" not in lead
    assert "next level" not in lead
    assert (
        "You hold ML Architect / Head of AI , the top of the machine learning engineering track"
        in lead
    )
    assert "Research Scientist" in directions.text
    assert "AI Product Manager" in directions.text
    assert "Machine Learning Architect" not in directions.text  # held already
    assert "Make this my target" in directions.text
    assert "your target" not in page_text(response).lower().replace("choose your target", "")


def test_a_chosen_target_reached_says_so_and_suggests_the_directions_left(ladder, user):
    rate_up_to(user, 3)
    years_of_ml_work(user, 6)
    Profile.objects.update_or_create(
        user=user, defaults={"target": Level.objects.get(slug="senior-ml-engineer")}
    )

    response = client_for(user).get(COMPARE)

    assert "You have reached your target, Senior ML Engineer" in page_text(response)
    assert "ML Architect" in section(parse(response), "directions-heading").text


# One wording for a skill not rated


def test_a_skill_not_rated_reads_the_same_on_the_level_page_compare_and_dashboard(ladder, user):
    SkillRatingFactory(
        user=user, skill=Skill.objects.get(slug="python"), proficiency=Proficiency.NOT_STARTED
    )
    client = client_for(user)

    level_page = requirements_card(client, "ml-engineer").text
    compare = compare_cards(client)["Machine Learning Engineer"]
    dashboard = section(parse(client.get("/dashboard/")), "next-heading").text

    for text in (level_page, compare, dashboard):
        assert NOT_RATED in text
        assert "not rated)" not in text  # the level page's old wording
    assert f"{LINEAR_ALGEBRA} at Proficient or above (you: {NOT_RATED})" in level_page
    assert "Python at Proficient or above (you: Not started)" in level_page
    assert f"{LINEAR_ALGEBRA}: {NOT_RATED} (needs Proficient)" in compare
    assert "Python: Not started (needs Proficient)" in dashboard
    assert f"{LINEAR_ALGEBRA}: {NOT_RATED} (needs Proficient)" in dashboard


def test_a_skill_page_says_not_rated_in_the_same_words(ladder, user):
    text = page_text(client_for(user).get("/skills/python/"))

    assert f"Your rating: {NOT_RATED}. Rate it on My skills" in text
