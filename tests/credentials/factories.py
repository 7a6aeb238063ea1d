import factory
from factory.django import DjangoModelFactory

from careerpath.credentials.models import Credential
from careerpath.credentials.services import credential_issue
from careerpath.credentials.specs import AchievementSpec, EvidenceSpec
from tests.profiles.factories import VerifiedUserFactory


class CredentialFactory(DjangoModelFactory):
    """A credential issued through the service (signed, with its status index), as a
    mentor's sign-off issues one."""

    class Meta:
        model = Credential

    holder = factory.SubFactory(VerifiedUserFactory)
    confirmed_by = factory.SubFactory(VerifiedUserFactory)
    source = factory.Sequence(lambda n: f"test:{n}")
    kind = "project"
    achievement_name = factory.Faker("catch_phrase")
    evidence_url = "https://github.com/example/fraud-detection"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return credential_issue(
            holder=kwargs["holder"],
            achievement=AchievementSpec(
                kind=kwargs["kind"],
                name=kwargs["achievement_name"],
                description="A model that flags fraudulent card payments.",
                criteria="Finished and signed off by a mentor.",
            ),
            evidence=[EvidenceSpec(url=kwargs["evidence_url"], name="Repository")],
            source=kwargs["source"],
            confirmed_by=kwargs["confirmed_by"],
        )
