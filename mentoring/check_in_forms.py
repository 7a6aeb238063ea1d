"""The forms of check-ins: start one, rate its skills, agree on its result."""

from django import forms
from django.utils import timezone

from ladder.models import Level, Proficiency, Skill
from profiles.display import display_name

from .models import Mentorship

DUE_IN_THE_PAST = "Choose today or a later day."
RATING_CHOICES = [(str(value), label) for value, label in Proficiency.choices]
NO_LEVEL = ""


class MentorshipChoice(forms.ModelChoiceField):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        if obj.learner_id == self.user.pk:
            return f"With my mentor {display_name(obj.mentor)}"
        return f"With my mentee {display_name(obj.learner)}"


class CheckInStartForm(forms.Form):
    mentorship = MentorshipChoice(
        queryset=Mentorship.objects.none(), user=None, label="Who with", empty_label=None
    )
    due_on = forms.DateField(
        label="Planned for",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day you plan to talk it through. Both of you rate before then.",
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Skills to rate",
        help_text="The key skills of the learner's target level are chosen to start with.",
        error_messages={"required": "Choose at least one skill to rate."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mentorship"]
        field.user = user
        field.queryset = (
            Mentorship.objects.accepted()
            .involving(user)
            .select_related("learner__profile", "mentor__profile")
            .order_by("pk")
        )
        self.fields["skills"].queryset = Skill.objects.active().order_by(
            "level__order", "order", "name"
        )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(DUE_IN_THE_PAST)
        return due_on


def _rating_field(skill, *, label=None):
    return forms.TypedChoiceField(
        label=label or skill.name, choices=RATING_CHOICES, coerce=int, required=True
    )


class RatingsForm(forms.Form):
    """One side's rating of each skill of the check-in (fields "skill-<id>")."""

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"skill-{skill.pk}"] = _rating_field(skill)

    def ratings(self) -> dict[int, int]:
        return {skill.pk: self.cleaned_data[f"skill-{skill.pk}"] for skill in self.skills}


class ResultForm(RatingsForm):
    """The agreed rating of each skill, a level (or none) and a note."""

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.TypedChoiceField(
            label="Level confirmed",
            choices=[(NO_LEVEL, "No level confirmed this time")]
            + [(str(level.id), level.title) for level in levels],
            coerce=int,
            empty_value=None,
            required=False,
            help_text="Only the mentor confirms a level.",
        )
        self.fields["note"] = forms.CharField(
            label="The result in a few words",
            max_length=1000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def level(self) -> Level | None:
        level_id = self.cleaned_data.get("level")
        return Level.objects.active().filter(pk=level_id).first() if level_id else None
