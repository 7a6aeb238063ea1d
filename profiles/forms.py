import datetime

from django import forms
from django.db import models
from django.forms import formset_factory
from django.utils import timezone
from django.utils.safestring import mark_safe

from careerpath.fields import LinkFormField
from ladder.models import Level, Proficiency, ProjectTemplate, Skill, Specialisation

from .assessment import NOT_RATED
from .models import Evidence, Experience, Profile, Project
from .services import RATING_CHANGED_ELSEWHERE

MONTH_FORMAT = "%Y-%m"
# Typed where the browser has no month picker: 2021-06 or 06/2021 (a full date also works).
MONTH_INPUT_FORMATS = [MONTH_FORMAT, "%m/%Y", "%Y-%m-%d"]
MONTH_HINT = "Format YYYY-MM, e.g. 2021-06 (06/2021 works too)."
INVALID_MONTH = "Enter a month as YYYY-MM, e.g. 2021-06, or as MM/YYYY, e.g. 06/2021."
EARLIEST_MONTH = datetime.date(1950, 1, 1)
END_BEFORE_START = "The end month can't be before the start month."
START_IN_FUTURE = "The start month can't be in the future."
END_IN_FUTURE = "The end month can't be in the future. Leave it empty if the role is current."
MONTH_TOO_EARLY = f"Enter a month from {EARLIEST_MONTH:%B %Y} on."
ML_WORK_QUESTION = "Was this machine learning work?"
ML_WORK_HELP = (
    "Only machine learning work counts towards the years the ladder asks for: a software or "
    "analyst job before it does not."
)
ML_WORK_UNANSWERED = "Answer yes or no: was this role machine learning work?"
SKILL_LIST_CHANGED = "The list of skills changed while you were editing. Reload the page."
CHOOSE_A_STEP = "Choose a step, Not started included, to save notes or evidence for this skill."
WRONG_PASSWORD = "That is not your current password."  # noqa: S105 (a message)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        # No placeholder: HTML allows none on a month input. Where a browser has no month
        # picker and renders a text box, the field's help text (MONTH_HINT) gives the format.
        super().__init__(attrs=attrs, format=MONTH_FORMAT)


class MonthField(forms.DateField):
    widget = MonthInput
    default_error_messages = {"invalid": INVALID_MONTH}

    def __init__(self, *, help_text="", **kwargs):
        help_text = f"{help_text} {MONTH_HINT}".strip()
        super().__init__(input_formats=MONTH_INPUT_FORMATS, help_text=help_text, **kwargs)


class VersionField(forms.Field):
    """The hidden version of the row a form was read at. Anything unreadable counts as 0,
    which no row has, so a tampered or missing version is treated as a conflict rather
    than an error the person can't see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return 0


def _shown(value, form_field) -> str:
    """Return a saved or typed value the way the person would read it."""
    if isinstance(value, models.QuerySet | list):
        return ", ".join(form_field.label_from_instance(item) for item in value) or "None"
    if isinstance(value, models.Model):
        return form_field.label_from_instance(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%b %Y}"
    if value in (None, ""):
        return "Empty"
    choices = getattr(form_field, "choices", None)
    if choices is not None:
        return str(dict(choices).get(value, value))
    return str(value)


class VersionedForm(forms.ModelForm):
    """A model form that, when editing a row, carries the version it was read at.

    After a conflict (see profiles.services) `show_conflict` keeps the person's input,
    lists the saved values that differ from it and takes the current version, so saving
    again deliberately replaces them."""

    saved_now = None  # [(label, saved value)] after a conflict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = VersionField(initial=self.instance.version)

    def model_values(self) -> dict:
        """Return the cleaned values of the model's fields, as the services take them."""
        # every form built on this one names its fields
        return {name: self.cleaned_data[name] for name in self._meta.fields}  # type: ignore[union-attr]

    def show_conflict(self, current):
        self.saved_now = []
        for name in self._meta.fields:
            saved, typed = getattr(current, name), self.cleaned_data.get(name)
            if isinstance(current._meta.get_field(name), models.ManyToManyField):
                saved, typed = list(saved.all()), list(typed or [])
            if _shown(saved, self.fields[name]) != _shown(typed, self.fields[name]):
                self.saved_now.append((self[name].label, _shown(saved, self.fields[name])))
        self.data = self.data.copy()
        self.data["version"] = current.version


class ProfileForm(VersionedForm):
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
            "public_projects",
            "public_sign_offs",
            "public_endorsements",
            "public_evidence",
        ]
        widgets = {"visibility": forms.RadioSelect}


TARGET_DATE_PAST = "The target date can't be in the past."
TARGET_DATE_FAR = "Choose a target date within the next ten years."
MOST_WEEKLY_HOURS = 80


class PlanForm(forms.Form):
    """The target date and the weekly hours the plan is laid out at."""

    target_date = forms.DateField(
        label="Target date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When you want to reach your target level. Leave it empty for no deadline.",
    )
    weekly_hours = forms.IntegerField(
        label="Hours a week for learning",
        min_value=0,
        max_value=MOST_WEEKLY_HOURS,
        help_text="The plan lays its items out at this pace.",
    )

    def clean_target_date(self):
        value = self.cleaned_data["target_date"]
        today = timezone.localdate()
        if value is not None and value < today:
            raise forms.ValidationError(TARGET_DATE_PAST)
        if value is not None and value > today.replace(year=today.year + 10, day=1):
            raise forms.ValidationError(TARGET_DATE_FAR)
        return value


class GoalsForm(VersionedForm):
    """The person's target (a level of any track) and specialisations."""

    class Meta:
        model = Profile
        fields = ["target", "specialisations"]
        widgets = {"specialisations": forms.CheckboxSelectMultiple}
        labels = {"target": "Your target level"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        target.queryset = Level.objects.active(keep=[self.instance.target_id]).select_related(
            "track"
        )
        target.empty_label = "The next level of the main ladder"
        main = {level.pk for level in Level.objects.main()}
        target.label_from_instance = lambda level: (
            level.title if level.pk in main else f"{level.title} ({level.track.title} track)"
        )
        self.fields["specialisations"].queryset = Specialisation.objects.active(
            keep=self.instance.specialisations.values_list("pk", flat=True)
            if self.instance.pk
            else ()
        )
        self.fields[
            "specialisations"
        ].help_text = "The dashboard shows your progress in each, with its courses and projects."


class ExperienceForm(VersionedForm):
    start_month = MonthField(help_text="First month in the role.")
    end_month = MonthField(
        required=False, help_text="Last month in the role. Leave empty if it is current."
    )
    # Asked, never assumed: no answer is chosen on a new role (a career changer's software
    # job would otherwise count); editing shows the saved answer.
    is_ml_work = forms.TypedChoiceField(
        label=ML_WORK_QUESTION,
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=ML_WORK_HELP,
        error_messages={"required": ML_WORK_UNANSWERED},
    )

    class Meta:
        model = Experience
        fields = ["role_title", "organisation", "start_month", "end_month", "is_ml_work"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.pop("is_ml_work", None)  # the model's default is no answer

    def clean_start_month(self):
        start = self.cleaned_data["start_month"].replace(day=1)
        if start < EARLIEST_MONTH:
            raise forms.ValidationError(MONTH_TOO_EARLY)
        if start > timezone.localdate():
            raise forms.ValidationError(START_IN_FUTURE)
        return start

    def clean_end_month(self):
        end = self.cleaned_data.get("end_month")
        if end is None:
            return None
        end = end.replace(day=1)
        if end < EARLIEST_MONTH:
            raise forms.ValidationError(MONTH_TOO_EARLY)
        if end > timezone.localdate():
            raise forms.ValidationError(END_IN_FUTURE)
        return end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", END_BEFORE_START)
        return cleaned


class SkillRatingForm(forms.Form):
    """One row of the rate-your-skills page; `skill` is the ladder skill it rates."""

    skill_slug = forms.CharField(widget=forms.HiddenInput)
    version = VersionField()
    # Each value also travels as it was when the page was opened (show_hidden_initial), so
    # a row the person left alone is told apart from one they changed: a row left alone in a
    # stale tab keeps whatever was saved since, instead of being reported as a conflict.
    # Nothing is chosen for a skill never rated: leaving it so answers nothing, while
    # "Not started" is an answer like any other step.
    proficiency = forms.TypedChoiceField(
        choices=Proficiency.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        show_hidden_initial=True,
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )
    evidence_url = LinkFormField(
        label="Evidence link", required=False, max_length=200, show_hidden_initial=True
    )
    VALUES = ("proficiency", "notes", "evidence_url")

    saved_now = None  # after a conflict: the rating saved now, as (proficiency, notes, link)

    def __init__(self, *args, skill: Skill, **kwargs):
        super().__init__(*args, **kwargs)
        self.skill = skill

    def show_conflict(self, current):
        """Keep the input and show the rating saved now (None: not rated)."""
        self.conflict_note = RATING_CHANGED_ELSEWHERE
        if current is None:
            self.saved_now = (NOT_RATED, "", "")
        else:
            self.saved_now = (
                current.get_proficiency_display(),
                current.notes,
                current.evidence_url,
            )

    def take_version(self, version: int):
        """Carry this version from now on (the data is the formset's mutable copy)."""
        self.data[self.add_prefix("version")] = version  # type: ignore[index]

    def take_opened(self, rating):
        """Count the rating saved now as what the page was opened with, from now on."""
        opened = {
            "proficiency": rating.proficiency if rating else "",
            "notes": rating.notes if rating else "",
            "evidence_url": rating.evidence_url if rating else "",
        }
        for name, value in opened.items():
            self.data[self.add_initial_prefix(self.add_prefix(name))] = value

    def touched(self) -> bool:
        """Whether the person changed this row since the page was opened."""
        return any(name in self.changed_data for name in self.VALUES)

    def opened_inputs(self):
        """The hidden inputs carrying the row's values as the page was opened."""
        return mark_safe(  # noqa: S308 (widgets escape their values)
            "".join(str(self[name].as_hidden(only_initial=True)) for name in self.VALUES)
        )

    def clean(self):
        cleaned = super().clean()
        unanswered = cleaned.get("proficiency") is None
        if unanswered and (cleaned.get("notes") or cleaned.get("evidence_url")):
            self.add_error("proficiency", CHOOSE_A_STEP)
        return cleaned

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
                "version": rating.version if rating else 0,
                "proficiency": rating.proficiency if rating else None,
                "notes": rating.notes if rating else "",
                "evidence_url": rating.evidence_url if rating else "",
            }
        )
    return SkillRatingFormSet(data=data, initial=initial, skills=skills, prefix="skills")


class ProjectForm(VersionedForm):
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
        self.fields["template"].label_from_instance = lambda t: (
            f"{t.level.title}: {t.title}" if t.level else f"Specialisation: {t.title}"
        )
        self.fields["template"].empty_label = "None: my own project"
        self.fields["skills"].queryset = Skill.objects.active(keep=kept).select_related("level")
        self.fields["link"].help_text = "Repository, notebook or demo (optional)."


class EvidenceForm(forms.ModelForm):
    """A link added as evidence of a skill or a project (profiles.services.evidence_add)."""

    class Meta:
        model = Evidence
        fields = ["kind", "url", "note"]
        labels = {"kind": "What it is", "note": "Note (optional)"}
        help_texts = {
            "url": "An https:// link anyone you show it to can open. careerpath never opens it.",
            "note": "What it shows, in a line (at most 200 characters).",
        }

    def model_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}  # type: ignore[union-attr]


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
