from django import forms

from ladder.models import Proficiency, Skill
from profiles.models import Project

from .models import WEEKDAYS, Feedback, FeedbackReply, Mentorship
from .preferences import Delivery, Preferences, topics
from .services import SkillReviewInput

AGREE = "agree"


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["invitee_email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "invitee_email": "They get an email with a link. If they have no account yet, "
            "they can sign up with this address to accept.",
            "message": "Optional: say why you would like their guidance.",
        }


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The other person sees this.",
    )


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["body", "skill", "project"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"skill": "About a skill (optional)", "project": "About a project (optional)"}

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.active(keep=[self.instance.skill_id])
        self.fields["project"].queryset = Project.objects.filter(user=learner)
        self.fields["skill"].empty_label = "No particular skill"
        self.fields["project"].empty_label = "No particular project"

    def show_choices(self, *, skills, projects):
        """Show the skill and project choices from rows the page has read already (the
        ladder snapshot, the learner's projects) instead of querying again; what is
        submitted is still checked against the querysets above."""
        self.fields["skill"].choices = [
            ("", self.fields["skill"].empty_label),
            *((skill.pk, str(skill)) for skill in skills),
        ]
        self.fields["project"].choices = [
            ("", self.fields["project"].empty_label),
            *((project.pk, str(project)) for project in projects),
        ]


class FeedbackReplyForm(forms.ModelForm):
    class Meta:
        model = FeedbackReply
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "Your reply"}


LEVELS = [str(value) for value, _ in Proficiency.choices if value]


class SkillReviewForm(forms.Form):
    """One form for a mentor's review of many skills: per skill `skill-<id>` ("agree" or
    the mentor's own level, empty to leave it), `comment-<id>` and `seen-<id>` (the
    learner's rating on the page). The page renders the fields itself (mentee.html)."""

    def __init__(self, data, *, skills):
        super().__init__(data)
        self.skills = {skill.pk: skill for skill in skills}
        for pk in self.skills:
            self.fields[f"skill-{pk}"] = forms.ChoiceField(
                required=False, choices=[("", ""), (AGREE, AGREE), *((v, v) for v in LEVELS)]
            )
            self.fields[f"comment-{pk}"] = forms.CharField(required=False, max_length=1000)
            self.fields[f"seen-{pk}"] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(v), v) for v, _ in Proficiency.choices],
            )

    def reviews(self) -> list[SkillReviewInput]:
        """Return a review for each skill given a choice, in the order of the skills."""
        found = []
        for pk, skill in self.skills.items():
            choice, seen = self.cleaned_data[f"skill-{pk}"], self.cleaned_data[f"seen-{pk}"]
            if not choice or seen is None:
                continue
            found.append(
                SkillReviewInput(
                    skill=skill,
                    proficiency=seen if choice == AGREE else int(choice),
                    seen=seen,
                    comment=self.cleaned_data[f"comment-{pk}"].strip(),
                )
            )
        return found


class NotificationSettingsForm(forms.Form):
    """A radio group per topic (preferences.TOPICS), the digest on or off and its day."""

    digest = forms.BooleanField(
        label="Send me the weekly digest",
        required=False,
        help_text=(
            "One e-mail a week with what happened and what is next. With it off, what you "
            "chose to get in the digest shows only on the site."
        ),
    )
    digest_day = forms.TypedChoiceField(
        label="Day of the digest",
        coerce=int,
        choices=WEEKDAYS,
    )

    def __init__(self, data=None, *, preferences: Preferences):
        self.topics = topics()
        initial = {
            "digest": preferences.digest,
            "digest_day": preferences.digest_day,
            **{f"topic_{t.key}": preferences.delivery(t.kinds[0]) for t in self.topics},
        }
        super().__init__(data, initial=initial)
        for topic in self.topics:
            self.fields[f"topic_{topic.key}"] = forms.ChoiceField(
                label=topic.label,
                help_text=topic.help,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
            )
        # the topics first, then the digest
        self.order_fields([f"topic_{t.key}" for t in self.topics])

    def preferences(self) -> Preferences:
        """Return the choices the form holds (call once it is valid)."""
        data = self.cleaned_data
        deliveries = {
            kind: data[f"topic_{topic.key}"] for topic in self.topics for kind in topic.kinds
        }
        return Preferences(deliveries, data["digest"], data["digest_day"])
