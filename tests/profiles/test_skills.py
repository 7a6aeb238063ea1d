"""The rate-your-skills page: one form for every ladder skill, saved all at once.

Database queries for GET /profile/skills/, measured on SQLite (SAVEPOINT and RELEASE
included): 7 with no ratings, 7 with all 23 skills rated, endorsed by two mentors and each
with evidence (one query reads the evidence, counted beside each skill).
The limit is 8 for both.
"""

import pytest

from careerpath.fields import INVALID_PORT
from ladder.models import Level, Proficiency, Skill, Specialisation
from mentoring import services as mentoring
from profiles.assessment import NOT_RATED
from profiles.forms import CHOOSE_A_STEP, SKILL_LIST_CHANGED
from profiles.models import SkillRating, SkillRatingChange
from profiles.services import NOTHING_SAVED, RATING_CHANGED_ELSEWHERE, RATINGS_CONFLICT
from tests.ladder.factories import SkillFactory
from tests.ladder.pages import page_text
from tests.profiles.factories import EvidenceFactory, SkillRatingFactory, VerifiedUserFactory
from tests.profiles.html import parse

SKILLS = "/profile/skills/"
SKILLS_QUERIES = 8
NOT_SAVED = "Some ratings could not be saved: the list at the top links to each one."


def submitted(response):
    """Return what a browser would submit from the ratings form, unchanged."""
    page = parse(response)
    form = next(f for f in page.find_all("form") if f.find_all(name="skills-TOTAL_FORMS"))
    data = {}
    for node in form.iter():
        name = node.attrs.get("name")
        if not name:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in node.attrs:
                continue
            data[name] = node.attrs.get("value", "")
        elif node.tag == "textarea":
            data[name] = node.text
    return data


def prefix_of(data, slug):
    """Return the form prefix of the row rating this skill."""
    return next(
        name.removesuffix("-skill_slug")
        for name, value in data.items()
        if name.endswith("-skill_slug") and value == slug
    )


def fill(data, slug, *, proficiency=None, **fields):
    prefix = prefix_of(data, slug)
    if proficiency is not None:
        data[f"{prefix}-proficiency"] = str(int(proficiency))
    for name, value in fields.items():
        data[f"{prefix}-{name}"] = value
    return data


def shown_choice(response, slug):
    """Return the proficiency whose radio button is checked in a skill's row."""
    page = parse(response)
    row = page.find("fieldset", id=f"skill-{slug}")
    checked = [
        radio.attrs["value"]
        for radio in row.find_all("input", type="radio")
        if "checked" in radio.attrs
    ]
    assert len(checked) <= 1, checked
    return int(checked[0]) if checked else None


def proficiency(user, slug):
    rating = SkillRating.objects.filter(user=user, skill__slug=slug).first()
    return rating and rating.proficiency


def history(user):
    """Return the user's proficiency changes, oldest first."""
    changes = SkillRatingChange.objects.filter(user=user).order_by("changed_at", "pk")
    return list(changes.values_list("skill__slug", "old_proficiency", "new_proficiency"))


def test_the_page_has_a_row_for_every_skill_under_its_level(ladder, owner_client):
    page = parse(owner_client.get(SKILLS))

    main = set(Level.objects.main())
    for level in Level.objects.prefetch_related("key_skills").select_related("track"):
        group = page.find("section", **{"aria-labelledby": f"level-{level.pk}"})
        heading = (
            f"Level {level.order}: {level.title}"
            if level in main
            else f"{level.title} ({level.track.title} track)"
        )
        assert group.find("h2").text == heading
        assert [
            row.find("legend").text.split(" about")[0] for row in group.find_all("fieldset")
        ] == [skill.name for skill in level.key_skills.all()]


def test_each_row_shows_the_skills_rubric_next_to_its_steps(ladder, owner_client):
    python = Skill.objects.get(slug="python")

    row = parse(owner_client.get(SKILLS)).find("fieldset", id="skill-python")

    labels = [label.text for label in row.find_all("label", class_="form-check-label small")]
    assert labels[0] == "Not started You have not worked with it yet."
    for (_step, name, text), label in zip(python.rubric, labels[1:], strict=True):
        assert label == f"{name} {text}"


def test_the_page_shows_each_skills_saved_rating(ladder, owner_client, user):
    SkillRatingFactory(user=user, skill=Skill.objects.get(slug="python"), proficiency=3)

    response = owner_client.get(SKILLS)

    assert shown_choice(response, "python") == Proficiency.PROFICIENT
    assert shown_choice(response, "scikit-learn") is None  # never rated: nothing chosen


def test_saving_ratings_stores_them_and_records_each_change(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.PROFICIENT)
    fill(
        data,
        "scikit-learn",
        proficiency=Proficiency.LEARNING,
        notes="Did the Kaggle course",
        evidence_url="github.com/me/sklearn",
    )

    response = owner_client.post(SKILLS, data, follow=True)

    assert response.redirect_chain[-1][0] == "/dashboard/"
    total = Skill.objects.active().count()
    assert (
        f"Ratings saved: 2 proficiency changes recorded. You have rated 2 of {total} skills."
        in (page_text(response))
    )
    assert proficiency(user, "python") == Proficiency.PROFICIENT
    sklearn = user.skill_ratings.get(skill__slug="scikit-learn")
    assert sklearn.notes == "Did the Kaggle course"
    assert sklearn.evidence_url == "https://github.com/me/sklearn"
    assert history(user) == [
        ("python", None, Proficiency.PROFICIENT),
        ("scikit-learn", None, Proficiency.LEARNING),
    ]
    assert user.skill_ratings.count() == 2  # skills left unanswered get no row


def test_saving_again_records_only_the_ratings_that_changed(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.PRACTICING)
    fill(data, "scikit-learn", proficiency=Proficiency.LEARNING)
    owner_client.post(SKILLS, data)

    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.PROFICIENT)
    response = owner_client.post(SKILLS, data, follow=True)

    assert "Ratings saved: 1 proficiency change recorded." in page_text(response)
    assert history(user) == [
        ("python", None, Proficiency.PRACTICING),
        ("scikit-learn", None, Proficiency.LEARNING),
        ("python", Proficiency.PRACTICING, Proficiency.PROFICIENT),
    ]


def test_changing_only_notes_saves_them_without_a_proficiency_change(ladder, owner_client, user):
    SkillRatingFactory(user=user, skill=Skill.objects.get(slug="python"), proficiency=2)
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", notes="Now writing typed code")

    response = owner_client.post(SKILLS, data, follow=True)

    assert "Ratings saved. You have rated 1 of" in page_text(response)
    assert user.skill_ratings.get().notes == "Now writing typed code"
    assert history(user) == []


def test_a_bad_evidence_link_saves_nothing_and_shows_the_input_again(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.EXPERT)
    fill(
        data,
        "scikit-learn",
        proficiency=Proficiency.LEARNING,
        notes="Halfway through",
        evidence_url="not a link",
    )

    response = owner_client.post(SKILLS, data)

    assert response.status_code == 200
    assert NOT_SAVED in page_text(response)
    row = parse(response).find("fieldset", id="skill-scikit-learn")
    assert "Enter a valid URL." in row.text
    assert row.find("textarea").text == "Halfway through"
    assert row.find("input", type="url").attrs["value"] == "not a link"
    assert shown_choice(response, "scikit-learn") == Proficiency.LEARNING
    assert shown_choice(response, "python") == Proficiency.EXPERT
    assert not user.skill_ratings.exists()
    assert history(user) == []


def test_a_skill_added_while_rating_stops_the_save_and_says_the_list_changed(
    ladder, owner_client, user
):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.PROFICIENT)
    SkillFactory(level=Level.objects.main().get(order=1), order=99, name="Prompt engineering")

    response = owner_client.post(SKILLS, data)

    assert response.status_code == 200
    assert SKILL_LIST_CHANGED in page_text(response)
    assert "Prompt engineering" in page_text(response)
    assert shown_choice(response, "python") == Proficiency.PROFICIENT
    assert not user.skill_ratings.exists()


def test_skills_reordered_while_rating_stop_the_save_rather_than_rate_the_wrong_skill(
    ladder, owner_client, user
):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.EXPERT)
    Skill.objects.filter(slug="python").update(order=99)  # now listed after the others

    response = owner_client.post(SKILLS, data)

    assert response.status_code == 200
    assert SKILL_LIST_CHANGED in page_text(response)
    assert not user.skill_ratings.exists()


def endorse_everything(learner, mentors=2):
    for mentor in VerifiedUserFactory.create_batch(mentors):
        mentorship = mentoring.invitation_create(learner=learner, email=mentor.email)
        mentorship = mentoring.mentorship_transition(
            mentorship=mentorship, action="accept", user=mentor
        )
        for skill in Skill.objects.all():
            mentoring.endorsement_give(mentorship=mentorship, mentor=mentor, skill=skill)


def test_an_endorsed_rating_shows_who_endorsed_it(ladder, owner_client, user):
    for skill in Skill.objects.all():
        SkillRatingFactory(user=user, skill=skill, proficiency=Proficiency.PRACTICING)
    endorse_everything(user, mentors=1)

    row = parse(owner_client.get(SKILLS)).find("fieldset", id="skill-python")

    assert "Endorsed by" in row.text


@pytest.mark.parametrize("everything_rated", [False, True])
def test_the_page_query_count_does_not_grow_with_ratings_or_endorsements(
    ladder, owner_client, user, everything_rated, django_assert_max_num_queries
):
    if everything_rated:
        for skill in Skill.objects.all():
            SkillRatingFactory(user=user, skill=skill, proficiency=Proficiency.PRACTICING)
            EvidenceFactory(user=user, skill=skill)
        endorse_everything(user)

    with django_assert_max_num_queries(SKILLS_QUERIES):
        response = owner_client.get(SKILLS)

    assert response.status_code == 200


# Two tabs: a stale page never undoes a rating saved since it was opened.


def test_a_stale_tab_keeps_a_rating_saved_since_that_it_left_alone_and_saves_its_changes(
    ladder, owner_client, user
):
    SkillRatingFactory(
        user=user, skill=Skill.objects.get(slug="python"), proficiency=Proficiency.LEARNING
    )
    tab1, tab2 = submitted(owner_client.get(SKILLS)), submitted(owner_client.get(SKILLS))
    owner_client.post(SKILLS, fill(tab1, "python", proficiency=Proficiency.EXPERT))

    response = owner_client.post(
        SKILLS, fill(tab2, "scikit-learn", proficiency=Proficiency.PRACTICING)
    )

    assert response.status_code == 302  # tab 2 never touched Python: nothing to conflict
    assert proficiency(user, "python") == Proficiency.EXPERT
    assert proficiency(user, "scikit-learn") == Proficiency.PRACTICING
    assert history(user) == [
        ("python", Proficiency.LEARNING, Proficiency.EXPERT),
        ("scikit-learn", None, Proficiency.PRACTICING),
    ]


def test_a_stale_tab_that_changed_a_rating_saved_since_is_a_conflict_for_that_skill_only(
    ladder, owner_client, user
):
    SkillRatingFactory(
        user=user, skill=Skill.objects.get(slug="python"), proficiency=Proficiency.LEARNING
    )
    tab1, tab2 = submitted(owner_client.get(SKILLS)), submitted(owner_client.get(SKILLS))
    owner_client.post(SKILLS, fill(tab1, "python", proficiency=Proficiency.EXPERT))
    fill(tab2, "python", proficiency=Proficiency.PRACTICING)

    response = owner_client.post(
        SKILLS, fill(tab2, "scikit-learn", proficiency=Proficiency.PRACTICING)
    )

    assert response.status_code == 409
    assert RATINGS_CONFLICT in page_text(response)
    row = parse(response).find("fieldset", id="skill-python")
    assert RATING_CHANGED_ELSEWHERE in row.text
    assert "Saved now: Expert" in row.text
    assert shown_choice(response, "python") == Proficiency.PRACTICING  # this tab's input, kept
    other_row = parse(response).find("fieldset", id="skill-scikit-learn")
    assert RATING_CHANGED_ELSEWHERE not in other_row.text
    assert proficiency(user, "python") == Proficiency.EXPERT
    assert proficiency(user, "scikit-learn") == Proficiency.PRACTICING
    assert history(user) == [
        ("python", Proficiency.LEARNING, Proficiency.EXPERT),
        ("scikit-learn", None, Proficiency.PRACTICING),
    ]


def test_saving_the_conflict_page_again_sets_the_rating_on_purpose(ladder, owner_client, user):
    tab1, tab2 = submitted(owner_client.get(SKILLS)), submitted(owner_client.get(SKILLS))
    owner_client.post(SKILLS, fill(tab1, "python", proficiency=Proficiency.EXPERT))
    conflict = owner_client.post(
        SKILLS, fill(tab2, "python", proficiency=Proficiency.PRACTICING, notes="Honestly")
    )

    response = owner_client.post(SKILLS, submitted(conflict))

    assert response.status_code == 302
    assert proficiency(user, "python") == Proficiency.PRACTICING
    assert user.skill_ratings.get().notes == "Honestly"
    assert history(user) == [
        ("python", None, Proficiency.EXPERT),
        ("python", Proficiency.EXPERT, Proficiency.PRACTICING),
    ]


def test_the_conflict_page_carries_the_new_versions_of_the_ratings_it_saved(
    ladder, owner_client, user
):
    tab1, tab2 = submitted(owner_client.get(SKILLS)), submitted(owner_client.get(SKILLS))
    owner_client.post(SKILLS, fill(tab1, "python", proficiency=Proficiency.EXPERT))
    fill(tab2, "python", proficiency=Proficiency.PRACTICING)
    conflict = owner_client.post(
        SKILLS, fill(tab2, "scikit-learn", proficiency=Proficiency.LEARNING)
    )
    assert conflict.status_code == 409

    response = owner_client.post(
        SKILLS, fill(submitted(conflict), "scikit-learn", proficiency=Proficiency.PRACTICING)
    )

    assert response.status_code == 302
    assert proficiency(user, "scikit-learn") == Proficiency.PRACTICING
    assert proficiency(user, "python") == Proficiency.PRACTICING  # chosen again, on purpose


def test_the_same_ratings_posted_twice_are_saved_both_times(ladder, owner_client, user):
    data = fill(submitted(owner_client.get(SKILLS)), "python", proficiency=Proficiency.EXPERT)

    first, second = owner_client.post(SKILLS, data), owner_client.post(SKILLS, data, follow=True)

    assert first.status_code == 302
    assert NOTHING_SAVED in page_text(second)  # the second changed nothing
    assert history(user) == [("python", None, Proficiency.EXPERT)]


def test_an_evidence_link_with_an_impossible_port_is_refused_and_kept(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(
        data, "python", proficiency=Proficiency.LEARNING, evidence_url="https://github.com:99999/me"
    )

    response = owner_client.post(SKILLS, data)

    row = parse(response).find("fieldset", id="skill-python")
    assert INVALID_PORT in row.text
    assert row.find("input", type="url").attrs["value"] == "https://github.com:99999/me"
    assert not user.skill_ratings.exists()


def test_the_deeper_skills_of_each_specialisation_have_their_own_group(ladder, owner_client):
    page = parse(owner_client.get(SKILLS))

    for specialisation in Specialisation.objects.prefetch_related("skills"):
        group = page.find("section", **{"aria-labelledby": f"spec-{specialisation.pk}"})
        assert group.find("h2").text == f"Specialisation: {specialisation.title}"
        assert {row.attrs["id"] for row in group.find_all("fieldset")} == {
            f"skill-{skill.slug}" for skill in specialisation.skills.all()
        }


# --- Not rated yet and Not started are different answers (issue 17) --------------------


def rated_count(response):
    return parse(response).find("strong", id="rated-count").text


def test_a_skill_never_rated_has_nothing_chosen_and_says_it_is_not_rated_yet(
    ladder, owner_client, user
):
    SkillRatingFactory(
        user=user, skill=Skill.objects.get(slug="python"), proficiency=Proficiency.NOT_STARTED
    )

    response = owner_client.get(SKILLS)

    page = parse(response)
    assert shown_choice(response, "python") == Proficiency.NOT_STARTED  # an answer
    assert NOT_RATED not in page.find("fieldset", id="skill-python").text
    assert shown_choice(response, "scikit-learn") is None
    assert NOT_RATED in page.find("fieldset", id="skill-scikit-learn").text
    assert rated_count(response) == f"Rated 1 of {Skill.objects.active().count()}"


def test_saving_the_page_untouched_records_nothing_and_says_so(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))

    response = owner_client.post(SKILLS, data, follow=True)

    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert NOTHING_SAVED in page_text(response)
    assert not user.skill_ratings.exists()


def test_answering_not_started_counts_as_rated_and_moves_the_counter(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", proficiency=Proficiency.NOT_STARTED)
    fill(data, "scikit-learn", proficiency=Proficiency.LEARNING)

    response = owner_client.post(SKILLS, data, follow=True)

    total = Skill.objects.active().count()
    assert f"Ratings saved: 1 proficiency change recorded. You have rated 2 of {total} skills." in (
        page_text(response)
    )
    assert proficiency(user, "python") == Proficiency.NOT_STARTED
    assert rated_count(owner_client.get(SKILLS)) == f"Rated 2 of {total}"


def test_answering_every_skill_not_started_rates_them_all(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    for slug in Skill.objects.active().values_list("slug", flat=True):
        fill(data, slug, proficiency=Proficiency.NOT_STARTED)

    response = owner_client.post(SKILLS, data, follow=True)

    total = Skill.objects.active().count()
    assert f"Ratings saved. You have rated {total} of {total} skills." in page_text(response)
    page = owner_client.get(SKILLS)
    assert rated_count(page) == f"Rated {total} of {total}"
    assert NOT_RATED not in parse(page).find("form").text


def test_notes_on_a_skill_with_no_step_chosen_ask_for_a_step(ladder, owner_client, user):
    data = submitted(owner_client.get(SKILLS))
    fill(data, "python", notes="Started a course")

    response = owner_client.post(SKILLS, data)

    assert response.status_code == 200
    assert CHOOSE_A_STEP in parse(response).find("fieldset", id="skill-python").text
    assert parse(response).find("fieldset", id="skill-python").find("textarea").text == (
        "Started a course"
    )
    assert not user.skill_ratings.exists()
