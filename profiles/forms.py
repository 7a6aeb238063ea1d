from django import forms
from django.forms import formset_factory
from django.utils import timezone

from ladder.models import Proficiency, ProjectTemplate, Skill

from .models import Experience, Profile, Project

MONTH_FORMAT = "%Y-%m"
END_BEFORE_START = "The end month can't be before the start month."
START_IN_FUTURE = "The start month can't be in the future."
SKILL_LIST_CHANGED = "The list of skills changed while you were editing. Reload the page."
WRONG_PASSWORD = "That is not your current password."  # noqa: S105 (a message)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=MONTH_FORMAT)


class MonthField(forms.DateField):
    widget = MonthInput

    def __init__(self, **kwargs):
        super().__init__(input_formats=[MONTH_FORMAT, "%Y-%m-%d"], **kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "weekly_hours",
            "github_url",
            "kaggle_url",
            "website_url",
            "visibility",
        ]
        widgets = {"visibility": forms.RadioSelect}


class ExperienceForm(forms.ModelForm):
    start_month = MonthField(help_text="First month in the role.")
    end_month = MonthField(
        required=False, help_text="Last month in the role. Leave empty if it is current."
    )

    class Meta:
        model = Experience
        fields = ["role_title", "organisation", "start_month", "end_month", "is_ml_work"]

    def clean_start_month(self):
        start = self.cleaned_data["start_month"].replace(day=1)
        if start > timezone.localdate():
            raise forms.ValidationError(START_IN_FUTURE)
        return start

    def clean_end_month(self):
        end = self.cleaned_data.get("end_month")
        return end.replace(day=1) if end else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", END_BEFORE_START)
        return cleaned


class SkillRatingForm(forms.Form):
    """One row of the rate-your-skills page; `skill` is the ladder skill it rates."""

    skill_slug = forms.CharField(widget=forms.HiddenInput)
    proficiency = forms.TypedChoiceField(
        choices=Proficiency.choices, coerce=int, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(
        label="Evidence link", required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args, skill: Skill, **kwargs):
        super().__init__(*args, **kwargs)
        self.skill = skill

    def clean_skill_slug(self):
        if self.cleaned_data["skill_slug"] != self.skill.slug:
            raise forms.ValidationError(SKILL_LIST_CHANGED)
        return self.cleaned_data["skill_slug"]

    def options(self):
        """Return (radio, rubric text) pairs so the rubric shows next to each choice."""
        rubric = {step: text for step, _label, text in self.skill.rubric}
        rubric[Proficiency.NOT_STARTED] = "You have not worked with it yet."
        return [(radio, rubric.get(int(radio.data["value"]), "")) for radio in self["proficiency"]]


class BaseSkillRatingFormSet(forms.BaseFormSet):
    def __init__(self, *args, skills, **kwargs):
        self.skills = skills
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.skills)  # always one row per ladder skill

    def get_form_kwargs(self, index):
        return {"skill": self.skills[index]}

    def clean(self):
        if self.management_form.cleaned_data["TOTAL_FORMS"] != len(self.skills):
            raise forms.ValidationError(SKILL_LIST_CHANGED)


SkillRatingFormSet = formset_factory(SkillRatingForm, formset=BaseSkillRatingFormSet, extra=0)


def skill_rating_formset(*, skills, ratings, data=None):
    """Return the formset with one row per skill, prefilled from the user's ratings."""
    by_skill = {rating.skill_id: rating for rating in ratings}
    initial = []
    for skill in skills:
        rating = by_skill.get(skill.pk)
        initial.append(
            {
                "skill_slug": skill.slug,
                "proficiency": rating.proficiency if rating else Proficiency.NOT_STARTED,
                "notes": rating.notes if rating else "",
                "evidence_url": rating.evidence_url if rating else "",
            }
        )
    return SkillRatingFormSet(data=data, initial=initial, skills=skills, prefix="skills")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "description", "link", "status", "template", "skills"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "skills": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kept = self.instance.skills.all() if self.instance.pk else ()  # retired ones it points at
        self.fields["template"].queryset = ProjectTemplate.objects.active(
            keep=[self.instance.template_id]
        ).select_related("level")
        self.fields["template"].label_from_instance = lambda t: f"{t.level.title}: {t.title}"
        self.fields["template"].empty_label = "None: my own project"
        self.fields["skills"].queryset = Skill.objects.active(keep=kept).select_related("level")
        self.fields["link"].help_text = "Repository, notebook or demo (optional)."


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD)
        return password
