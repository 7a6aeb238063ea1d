from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, Level, ProjectTemplate, Requirement, Responsibility, Skill


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    ordering = ["order"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ["skill"]
    verbose_name = "entry requirement"
    verbose_name_plural = "entry requirements (skill and minimum proficiency)"


class KeySkillInline(admin.TabularInline):
    model = Skill
    fields = ["order", "name", "category"]
    readonly_fields = ["name", "category"]
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = "key skills (edit a skill on its own page)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    list_display = ["order", "title", "salary_band", "years_range"]
    list_display_links = ["title"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ResponsibilityInline, RequirementInline, KeySkillInline]
    fieldsets = [
        (None, {"fields": ["order", "title", "slug", "summary"]}),
        (
            "Pay and experience",
            {"fields": [("salary_min", "salary_max", "salary_and_up"), ("years_min", "years_max")]},
        ),
        ("Guidance", {"fields": ["focus", "how_to_advance"]}),
    ]


class CourseSkillInline(admin.TabularInline):
    model = Course.skills.through
    extra = 0
    autocomplete_fields = ["course"]
    verbose_name = "course building this skill"
    verbose_name_plural = "courses building this skill"


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "level", "order"]
    list_filter = ["category", "level"]
    list_select_related = ["level"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CourseSkillInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", ("level", "order"), "description"]}),
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
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "provider", "is_free", "hours"]
    list_filter = ["is_free", "provider", "skills__level"]
    search_fields = ["title", "provider", "skills__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]


@admin.register(ProjectTemplate)
class ProjectTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "level", "order"]
    list_filter = ["level"]
    list_select_related = ["level"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["level", "skill", "min_proficiency"]
    list_filter = ["level", "min_proficiency"]
    list_select_related = ["level", "skill"]
    search_fields = ["skill__name", "level__title"]
    autocomplete_fields = ["skill"]
