from collections import defaultdict

from django.core.management import call_command

from mentoring.management.commands.load_scale import SCALE_MENTOR_EMAIL
from mentoring.models import Mentorship, Status
from profiles.models import SkillRating, SkillRatingChange


def test_scale_data_gives_people_ratings_whose_history_chains(ladder, client):
    call_command("load_scale", people=40, batch=15, mentees=12, verbosity=0)

    ratings = {(r.user_id, r.skill_id): r.proficiency for r in SkillRating.objects.all()}
    assert len({user for user, _ in ratings}) == 40
    history = defaultdict(list)
    for change in SkillRatingChange.objects.order_by("changed_at", "pk"):
        history[(change.user_id, change.skill_id)].append(change)
    assert history.keys() == ratings.keys()
    for key, changes in history.items():
        assert changes[0].old_proficiency is None
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.old_proficiency == before.new_proficiency
        assert changes[-1].new_proficiency == ratings[key]

    mentor_rows = Mentorship.objects.filter(
        mentor__email=SCALE_MENTOR_EMAIL, status=Status.ACCEPTED
    )
    assert mentor_rows.count() == 12
    client.force_login(mentor_rows.first().mentor)
    assert client.get("/mentoring/").status_code == 200


def test_scale_data_adds_to_an_earlier_run(ladder):
    call_command("load_scale", people=5, mentees=3, verbosity=0)
    call_command("load_scale", people=5, mentees=3, verbosity=0)
    assert SkillRating.objects.values("user").distinct().count() == 10
    assert Mentorship.objects.filter(mentor__email=SCALE_MENTOR_EMAIL).count() == 3
