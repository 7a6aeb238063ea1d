"""A ladder skill that an endorsement or a mentor's feedback points at can't be deleted,
so the ladder changing never deletes or blanks what a mentor gave a learner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ladder", "0001_initial"),
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="endorsement",
            name="skill",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ladder.skill"
            ),
        ),
        migrations.AlterField(
            model_name="feedback",
            name="skill",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ladder.skill",
            ),
        ),
    ]
