"""Create a sample learner with a mentor, to try the app. Safe to run again."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from careerpath import versions
from ladder.models import ProjectTemplate, Skill
from mentoring.models import Mentorship, Status
from profiles.models import Experience, Profile, Project, ProjectStatus, SkillRatingChange
from profiles.services import RatingInput, skill_ratings_save

DEMO_PASSWORD = "careerpath-demo"  # noqa: S105 (a published demo password, see README)
LEARNER_EMAIL = "learner@example.com"
MENTOR_EMAIL = "mentor@example.com"

# skill slug -> proficiency over three check-ins, oldest first
RATINGS = {
    "python": (1, 2, 3),
    "linear-algebra-statistics": (1, 2, 3),
    "scikit-learn": (1, 2, 3),
    "data-preprocessing": (1, 2, 3),
    "jupyter-notebooks": (2, 3, 3),
    "basic-neural-networks": (0, 1, 2),
    "tensorflow-pytorch": (0, 1, 2),
    "nlp-computer-vision": (0, 0, 1),
    "feature-engineering": (0, 1, 2),
    "model-deployment": (0, 0, 1),
}


def _user(email, name, headline):
    user, _ = get_user_model().objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email}
    )
    user.email = email
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.update_or_create(
        user=user, defaults={"display_name": name, "headline": headline, "weekly_hours": 6}
    )
    return user


class Command(BaseCommand):
    help = f"Create the demo learner ({LEARNER_EMAIL}) and mentor ({MENTOR_EMAIL})."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Skill.objects.exists():
            raise CommandError("Load the ladder first: manage.py load_ladder")
        learner = _user(LEARNER_EMAIL, "Ada Learner", "Data analyst moving into ML")
        mentor = _user(MENTOR_EMAIL, "Grace Mentor", "Senior ML engineer")
        if not learner.experiences.exists():
            Experience.objects.create(
                user=learner,
                role_title="Data analyst",
                organisation="Acme Retail",
                start_month=date(2019, 1, 1),
                end_month=date(2022, 6, 1),
                is_ml_work=False,
            )
            Experience.objects.create(
                user=learner,
                role_title="Junior ML engineer",
                organisation="Acme Retail",
                start_month=date(2022, 7, 1),
                is_ml_work=True,
            )
        if not learner.skill_ratings.exists():
            skills = {s.slug: s for s in Skill.objects.filter(slug__in=RATINGS)}
            for step in range(3):
                skill_ratings_save(
                    user=learner,
                    ratings=[
                        RatingInput(skills[slug], values[step])
                        for slug, values in RATINGS.items()
                        if slug in skills
                    ],
                )
                # spread the check-ins over the last months so progress shows over time
                versions.update(
                    SkillRatingChange.objects.filter(
                        user=learner, changed_at__gte=timezone.now() - timedelta(minutes=5)
                    ),
                    changed_at=timezone.now() - timedelta(days=60 * (2 - step) + 1),
                )
        if not learner.projects.exists():
            for slug, status in [
                ("recommendation-engine", ProjectStatus.DONE),
                ("sentiment-analysis", ProjectStatus.IN_PROGRESS),
            ]:
                template = ProjectTemplate.objects.filter(slug=slug).first()
                Project.objects.create(
                    user=learner,
                    title=template.title if template else slug.replace("-", " ").title(),
                    description="A demo project.",
                    link="https://github.com/example/demo",
                    status=status,
                    template=template,
                )
        Mentorship.objects.get_or_create(
            learner=learner,
            invitee_email=MENTOR_EMAIL,
            status=Status.ACCEPTED,
            defaults={"mentor": mentor, "responded_at": timezone.now()},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts ready: {LEARNER_EMAIL} and {MENTOR_EMAIL}, "
                f"password {DEMO_PASSWORD!r}."
            )
        )
