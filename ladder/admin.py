"""The ladder in the admin, for content editors.

Levels, skills, courses and project templates that people's data refers to are retired,
not deleted: deleting one is refused with the reason and an offer to retire it. The
refusal gives counts only, because content editors may not see people's data.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse

from careerpath.admin import HistoryAdmin, SafeAutocompleteMixin

from .level_history import level_history
from .models import (
    COMPUTED_LEVELS_HELP,
    CareerDirection,
    Course,
    JobResponsibility,
    Level,
    PathStep,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
    SkillArea,
    Specialisation,
    Track,
)
from .selectors import (
    describe_references,
    history_references,
    level_history_versions,
    user_data_references,
)
from .services import content_bring_back, content_retire

DELETE_REFUSED = (
    "People's data refers to {name} “{object}”: {references}. Content that people's data "
    "refers to is never deleted, so their data can't disappear with it. Retire it instead: "
    "it leaves the pages, the assessment and the advice, and their data is kept."
)
DELETE_REFUSED_HISTORY = (
    "The change history of other content refers to {name} “{object}” ({count} "
    "record{plural}), and a backup made with natural keys has to find it there. Retire it "
    "instead: it leaves the pages, the assessment and the advice, and the history stays whole."
)
RETIRED = "Retired {count} {name}. People's data that refers to them is kept."
BROUGHT_BACK = "Brought back {count} {name}."


def _name(opts, count):
    return opts.verbose_name if count == 1 else opts.verbose_name_plural


def delete_selected_unless_referenced(modeladmin, request, queryset):
    """Django's "Delete selected", refused while people's data refers to any of them."""
    refused = modeladmin.delete_refused(request, list(queryset))
    return refused or delete_selected(modeladmin, request, queryset)


class RetireInsteadOfDeleteAdmin(HistoryAdmin):
    """Admin for content that people's data may refer to: retire it, delete only if unused."""

    actions = ["retire_selected", "bring_back_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions[name] = (delete_selected_unless_referenced, name, description)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            refused = self.delete_refused(request, [obj])
            if refused:
                return refused
        return super().delete_view(request, object_id, extra_context)

    def delete_refused(self, request, objects):
        """Return the page refusing to delete `objects`, or None if nothing refers to them."""
        opts = self.model._meta
        pks = [obj.pk for obj in objects]
        references = user_data_references(self.model, pks)
        in_history = history_references(self.model, pks)
        refused = [obj for obj in objects if obj.pk in references or obj.pk in in_history]
        if not refused:
            return None
        reasons = [
            DELETE_REFUSED.format(
                name=opts.verbose_name,
                object=obj,
                references=describe_references(references[obj.pk]),
            )
            if obj.pk in references
            else DELETE_REFUSED_HISTORY.format(
                name=opts.verbose_name,
                object=obj,
                count=in_history[obj.pk],
                plural=pluralize(in_history[obj.pk]),
            )
            for obj in refused
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Cannot delete: people's data refers to this {opts.verbose_name}"
            if len(refused) == 1
            else f"Cannot delete: people's data refers to these {opts.verbose_name_plural}",
            "opts": opts,
            "reasons": reasons,
            "refused": refused,
            "others": len(objects) - len(refused),
            "already_retired": all(obj.retired for obj in refused),
            "can_retire": self.has_change_permission(request)
            and not all(obj.retired for obj in refused),
        }
        return TemplateResponse(request, "admin/ladder/delete_refused.html", context)

    @admin.action(description="Retire selected %(verbose_name_plural)s", permissions=["change"])
    def retire_selected(self, request, queryset):
        changed = content_retire(objects=queryset)
        for obj in changed:
            self.log_change(request, obj, "Retired.")
        message = RETIRED.format(count=len(changed), name=_name(self.model._meta, len(changed)))
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Bring back selected %(verbose_name_plural)s", permissions=["change"])
    def bring_back_selected(self, request, queryset):
        changed = content_bring_back(objects=queryset)
        for obj in changed:
            self.log_change(request, obj, "Brought back.")
        message = BROUGHT_BACK.format(
            count=len(changed), name=_name(self.model._meta, len(changed))
        )
        self.message_user(request, message, messages.SUCCESS)


class LongTextsMixin:
    """Long texts (up to 300 characters: a rubric step, a responsibility) in textareas, so
    an editor reads them whole, instead of one-line inputs that cut them off."""

    textarea_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.textarea_fields:
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline's inputs sit under column headings, which screen readers do not
    tie to them: each input (the delete box included) gets its own aria-label. Hidden inputs
    get none: HTML allows no aria-* attribute on them, and nobody reads them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            label = field.label or ""
            field.widget.attrs.setdefault("aria-label", f"{label} ({row})".strip())


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet


class ResponsibilityInline(LongTextsMixin, LabelledTabularInline):
    model = Responsibility
    textarea_fields = ("text",)
    extra = 0
    ordering = ["order"]


class RequirementInline(SafeAutocompleteMixin, LabelledTabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ["skill"]
    verbose_name = "entry requirement"
    verbose_name_plural = "entry requirements (skill and minimum proficiency)"


class KeySkillInline(LabelledTabularInline):
    model = Skill
    fields = ["order", "name", "category", "retired"]
    readonly_fields = ["name", "category", "retired"]
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = "key skills (edit a skill on its own page)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Level)
class LevelAdmin(RetireInsteadOfDeleteAdmin):
    """A level with its responsibilities and entry requirements inline. Its history shows
    the changes of those rows too, in words (ladder/level_history.py)."""

    object_history_list_template = "admin/ladder/level/history_list.html"

    list_display = ["track", "order", "title", "salary_band", "years_range", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired", "track"]
    list_select_related = ["track"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ResponsibilityInline, RequirementInline, KeySkillInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("track", "order"),
                    "branches_from",
                    "title",
                    "slug",
                    "summary",
                    "retired",
                ],
                "description": COMPUTED_LEVELS_HELP,
            },
        ),
        (
            "Pay and experience",
            {"fields": [("salary_min", "salary_max", "salary_and_up"), ("years_min", "years_max")]},
        ),
        ("Guidance", {"fields": ["focus", "how_to_advance"]}),
    ]

    def history_view(self, request, object_id, extra_context=None):
        """The level's own history records and those of its inline rows, merged."""
        level = self.get_object(request, unquote(object_id))
        if level is None:
            raise Http404
        if not self.has_view_history_or_change_history_permission(request, level):
            raise PermissionDenied
        entries = level_history(level_history_versions(level.pk), level_id=level.pk)
        paginator = Paginator(entries, self.history_list_per_page)
        page_obj = paginator.get_page(request.GET.get(PAGE_VAR))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_view_title(request, level),
            "subtitle": None,
            "object_history_list_template": self.object_history_list_template,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "module_name": str(opts.verbose_name_plural).capitalize(),
            "object": level,
            "app_label": opts.app_label,
            "opts": opts,
            "revert_disabled": True,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return self.render_history_view(request, self.object_history_template, context)


class CourseSkillInline(SafeAutocompleteMixin, LabelledTabularInline):
    model = Course.skills.through
    extra = 0
    autocomplete_fields = ["course"]
    verbose_name = "course building this skill"
    verbose_name_plural = "courses building this skill"

    def get_queryset(self, request):
        # each row is named for its course (ladder.models.course_skill_name)
        return super().get_queryset(request).select_related("course")


@admin.register(Skill)
class SkillAdmin(LongTextsMixin, RetireInsteadOfDeleteAdmin):
    textarea_fields = ("rubric_learning", "rubric_practicing", "rubric_proficient", "rubric_expert")
    list_display = ["name", "category", "area", "level", "order", "retired"]
    list_filter = ["retired", "category", "area", "level"]
    list_select_related = ["level", "area"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CourseSkillInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("category", "area"),
                    ("level", "order"),
                    "description",
                    "retired",
                ]
            },
        ),
        (
            "Rubric: what each proficiency step means for this skill",
            {
                "fields": [
                    "rubric_learning",
                    "rubric_practicing",
                    "rubric_proficient",
                    "rubric_expert",
                ]
            },
        ),
    ]


@admin.register(Course)
class CourseAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["title", "provider", "is_free", "hours", "difficulty", "retired"]
    list_filter = ["retired", "is_free", "difficulty", "provider", "skills__level"]
    search_fields = ["title", "provider", "skills__name"]
    prepopulated_fields = {"slug": ["title"]}
    # A plain labelled multiple select: filter_horizontal's search icon carries an aria-label
    # a <span> may not have, and select2's search box has no label (axe-core, issue 10).


@admin.register(ProjectTemplate)
class ProjectTemplateAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["title", "level", "order", "retired"]
    list_filter = ["retired", "level"]
    list_select_related = ["level"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    # A plain labelled multiple select: filter_horizontal's search icon carries an aria-label
    # a <span> may not have, and select2's search box has no label (axe-core, issue 10).


@admin.register(Requirement)
class RequirementAdmin(HistoryAdmin):
    list_display = ["level", "skill", "min_proficiency"]
    list_filter = ["level", "min_proficiency"]
    list_select_related = ["level", "skill"]
    search_fields = ["skill__name", "level__title"]
    autocomplete_fields = ["skill"]
    fieldsets = [
        (
            None,
            {"fields": ["level", "skill", "min_proficiency"], "description": COMPUTED_LEVELS_HELP},
        )
    ]


@admin.register(Track)
class TrackAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["order", "title", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(SkillArea)
class SkillAreaAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["order", "title", "tools", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired"]
    search_fields = ["title", "description", "tools"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(JobResponsibility)
class JobResponsibilityAdmin(LongTextsMixin, HistoryAdmin):
    textarea_fields = ("text",)
    list_display = ["order", "text"]
    list_display_links = ["text"]
    search_fields = ["text"]


@admin.register(CareerDirection)
class CareerDirectionAdmin(LongTextsMixin, RetireInsteadOfDeleteAdmin):
    textarea_fields = ("description",)
    list_display = ["order", "title", "level", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired"]
    list_select_related = ["level"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(PathStep)
class PathStepAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["order", "title", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired"]
    search_fields = ["title", "what_to_do", "roles"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Specialisation)
class SpecialisationAdmin(RetireInsteadOfDeleteAdmin):
    list_display = ["order", "title", "builds_on", "retired"]
    list_display_links = ["title"]
    list_filter = ["retired"]
    list_select_related = ["builds_on"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["builds_on"]
