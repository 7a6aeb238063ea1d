from django import forms

from ladder.models import Skill
from profiles.models import Project

from .models import Feedback, Mentorship


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
