"""Fill the database with many realistic people, for measuring pages at scale.

    manage.py load_scale --people 100000            # about 2 million ratings on PostgreSQL
    manage.py load_scale --people 1000 --mentees 200

Every person gets a profile, a verified e-mail address, 0-3 experience entries, ratings of
a random share of the ladder's skills (each with its history: one or two changes that chain
and end at the rating), 0-4 projects; one in twenty people mentors a few others, and one
mentor (scale-mentor@example.test) gets --mentees accepted mentees. Rows go in with
bulk_create in batches, one transaction per batch. People are named scale-<n>, so the command
adds to earlier runs instead of clashing with them. Nobody can log in as them (unusable
passwords); scripts/load.sh signs its users in with made sessions.
"""

import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from careerpath import versions
from ladder.models import ProjectTemplate, Skill
from profiles.models import (
    Experience,
    Profile,
    Project,
    ProjectStatus,
    SkillRating,
    SkillRatingChange,
)

from ...models import Mentorship, Status

User = get_user_model()
SCALE_MENTOR_EMAIL = "scale-mentor@example.test"
ROLES = ["Data analyst", "Software engineer", "ML engineer", "Data scientist", "MLOps engineer"]
ORGS = ["Acme Analytics", "Northwind", "Globex", "Initech", "Umbrella Labs", "Hooli"]


class Command(BaseCommand):
    help = "Add N realistic people with ratings, history, projects and mentorships."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--mentees", type=int, default=200, help="for the scale mentor")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, people, batch, mentees, seed, **options):
        skills = list(Skill.objects.values_list("pk", flat=True))
        if not skills:
            raise CommandError("Load the ladder first: manage.py load_ladder")
        templates = list(ProjectTemplate.objects.values_list("pk", "title"))
        rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
        first = User.objects.filter(username__startswith="scale-").count()
        password = make_password(None)
        made = 0
        while made < people:
            size = min(batch, people - made)
            self._batch(rng, range(first + made, first + made + size), skills, templates, password)
            made += size
            self.stdout.write(f"{made} of {people} people")
        self._scale_mentor(mentees, password)
        self.stdout.write(self.style.SUCCESS(f"Added {people} people."))

    @transaction.atomic
    def _batch(self, rng, numbers, skills, templates, password):
        users = versions.bulk_create(
            User,
            [
                User(username=f"scale-{n}", email=f"scale-{n}@example.test", password=password)
                for n in numbers
            ],
        )
        versions.bulk_create(
            EmailAddress,
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        )
        versions.bulk_create(
            Profile,
            [
                Profile(
                    user=u,
                    display_name=f"Learner {u.username[6:]}",
                    weekly_hours=rng.randint(1, 15),
                )
                for u in users
            ],
        )
        today = timezone.localdate()
        experiences, ratings, changes, projects = [], [], [], []
        now = timezone.now()
        for user in users:
            for _ in range(rng.randint(0, 3)):
                start = date(rng.randint(2012, today.year - 1), rng.randint(1, 12), 1)
                end = (
                    None
                    if rng.random() < 0.3
                    else min(start + timedelta(days=rng.randint(90, 1500)), today)
                )
                experiences.append(
                    Experience(
                        user=user,
                        role_title=rng.choice(ROLES),
                        organisation=rng.choice(ORGS),
                        start_month=start,
                        end_month=end.replace(day=1) if end else None,
                        is_ml_work=rng.random() < 0.7,
                    )
                )
            for skill_id in rng.sample(skills, rng.randint(len(skills) // 2, len(skills))):
                level = rng.randint(1, 4)
                middle = rng.randint(0, level - 1) if level > 1 and rng.random() < 0.6 else None
                ratings.append(SkillRating(user=user, skill_id=skill_id, proficiency=level))
                start = now - timedelta(days=rng.randint(30, 700))
                steps = [None, middle, level] if middle else [None, level]
                for number, (old, new) in enumerate(zip(steps, steps[1:], strict=False)):
                    changes.append(
                        SkillRatingChange(
                            user=user,
                            skill_id=skill_id,
                            old_proficiency=old,
                            new_proficiency=new,
                            changed_at=start + timedelta(days=20 * number),
                        )
                    )
            for _ in range(rng.randint(0, 4)):
                template = rng.choice(templates) if templates and rng.random() < 0.6 else None
                projects.append(
                    Project(
                        user=user,
                        title=template[1] if template else f"Side project {rng.randint(1, 999)}",
                        status=rng.choice(ProjectStatus.values),
                        template_id=template[0] if template else None,
                    )
                )
        versions.bulk_create(Experience, experiences)
        versions.bulk_create(SkillRating, ratings)
        versions.bulk_create(SkillRatingChange, changes)
        versions.bulk_create(Project, projects)
        mentors = users[::20]
        versions.bulk_create(
            Mentorship,
            [
                Mentorship(
                    learner=learner,
                    mentor=mentor,
                    invitee_email=mentor.email,
                    status=Status.ACCEPTED,
                    responded_at=now,
                )
                for mentor in mentors
                for learner in rng.sample(users, 3)
                if learner != mentor
            ],
        )

    @transaction.atomic
    def _scale_mentor(self, mentees, password):
        mentor, created = User.objects.get_or_create(
            username="scale-mentor", defaults={"email": SCALE_MENTOR_EMAIL, "password": password}
        )
        if created:
            EmailAddress.objects.create(
                user=mentor, email=SCALE_MENTOR_EMAIL, verified=True, primary=True
            )
            versions.update(Profile.objects.filter(user=mentor), display_name="Scale Mentor")
        have = set(
            Mentorship.objects.filter(mentor=mentor, status=Status.ACCEPTED).values_list(
                "learner_id", flat=True
            )
        )
        wanted = max(0, mentees - len(have))
        learners = (
            User.objects.filter(username__startswith="scale-")
            .exclude(pk__in=have | {mentor.pk})
            .order_by("pk")[:wanted]
        )
        versions.bulk_create(
            Mentorship,
            [
                Mentorship(
                    learner=learner,
                    mentor=mentor,
                    invitee_email=SCALE_MENTOR_EMAIL,
                    status=Status.ACCEPTED,
                    responded_at=timezone.now(),
                )
                for learner in learners
            ],
        )
