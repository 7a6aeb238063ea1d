"""Notifications keep their parts instead of a finished sentence.

A sentence built from user input (an end reason, a project title, a long e-mail address)
could outgrow the old 300-character text column and lose the whole write. Existing rows
keep their sentence, unchanged and complete, as the detail of a plain message."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The sentences as they read when this migration was written, for migrating backwards.
SENTENCES = {
    "invited": "{actor} invited you to be their mentor.",
    "accepted": "{actor} accepted your invitation and is now your mentor.",
    "declined": "{actor} declined your invitation to mentor you.",
    "cancelled": "{actor} cancelled their invitation for you to mentor them.",
    "ended": "{actor} ended your mentorship.",
    "ended_with_reason": "{actor} ended your mentorship. Reason: {detail}",
    "feedback": "{actor} left you feedback.",
    "feedback_on_skill": "{actor} left you feedback on {detail}.",
    "feedback_on_project": "{actor} left you feedback on “{detail}”.",
    "endorsed": "{actor} endorsed your {detail} at {proficiency}.",
    "signed_off": "{actor} signed off your project “{detail}”.",
    "message": "{detail}",
}
PROFICIENCIES = {0: "Not started", 1: "Learning", 2: "Practicing", 3: "Proficient", 4: "Expert"}
OLD_TEXT_LENGTH = 300


def sentences_to_messages(apps, schema_editor):
    Notification = apps.get_model("mentoring", "Notification")
    for note in Notification.objects.only("text").iterator():
        Notification.objects.filter(pk=note.pk).update(kind="message", detail=note.text)


def parts_to_sentences(apps, schema_editor):
    """Going back, the old column holds at most 300 characters: longer sentences are cut."""
    Notification = apps.get_model("mentoring", "Notification")
    for note in Notification.objects.iterator():
        text = SENTENCES.get(note.kind, "{detail}").format(
            actor=note.actor_name,
            detail=note.detail,
            proficiency=PROFICIENCIES.get(note.proficiency, ""),
        )
        Notification.objects.filter(pk=note.pk).update(text=text[:OLD_TEXT_LENGTH])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_protect_endorsed_and_commented_skills"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("invited", "Invited to mentor"),
                    ("accepted", "Invitation accepted"),
                    ("declined", "Invitation declined"),
                    ("cancelled", "Invitation cancelled"),
                    ("ended", "Mentorship ended"),
                    ("ended_with_reason", "Mentorship ended with a reason"),
                    ("feedback", "Feedback"),
                    ("feedback_on_skill", "Feedback on a skill"),
                    ("feedback_on_project", "Feedback on a project"),
                    ("endorsed", "Skill endorsed"),
                    ("signed_off", "Project signed off"),
                    ("message", "Message"),
                ],
                default="message",
                max_length=32,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="actor_name",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="detail",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="proficiency",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (0, "Not started"),
                    (1, "Learning"),
                    (2, "Practicing"),
                    (3, "Proficient"),
                    (4, "Expert"),
                ],
                null=True,
            ),
        ),
        migrations.RunPython(sentences_to_messages, parts_to_sentences, elidable=False),
        # A default, so that migrating backwards can add the column back to existing rows.
        migrations.AlterField(
            model_name="notification",
            name="text",
            field=models.CharField(default="", max_length=300),
        ),
        migrations.RemoveField(model_name="notification", name="text"),
    ]
