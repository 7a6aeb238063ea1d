from django import forms

from ladder.models import Proficiency, Skill
from profiles.models import Project

from .models import Feedback, FeedbackReply, Mentorship
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
