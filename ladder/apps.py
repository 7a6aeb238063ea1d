from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save


class LadderConfig(AppConfig):
    name = "ladder"
    verbose_name = "Career ladder"

    def ready(self):
        from . import models
        from .groups import ensure_content_editor_group
        from .signals import content_changed, skip_history_of_fixture_rows

        post_migrate.connect(ensure_content_editor_group, sender=self)
        # Any model's fixture rows: backups restore every app's history at once.
        pre_save.connect(skip_history_of_fixture_rows, dispatch_uid="skip_history_of_fixture_rows")

        content = (
            models.Level,
            models.Responsibility,
            models.Skill,
            models.Course,
            models.ProjectTemplate,
            models.Requirement,
            models.Track,
            models.SkillArea,
            models.JobResponsibility,
            models.CareerDirection,
            models.PathStep,
            models.Specialisation,
        )
        for model in content:
            post_save.connect(content_changed, sender=model, dispatch_uid=f"ladder_saved_{model}")
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"ladder_deleted_{model}"
            )
        throughs = (
            models.Course.skills.through,
            models.ProjectTemplate.skills.through,
            models.PathStep.skills.through,
            models.PathStep.courses.through,
            models.PathStep.project_templates.through,
            models.Specialisation.skills.through,
            models.Specialisation.project_templates.through,
        )
        for through in throughs:
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"ladder_m2m_{through}"
            )
