"""Courses carry a difficulty, so the advice recommends the one that fits the learner's step.

The shipped courses get the difficulty the fixture gives them (fixtures/ladder.json); a
course added by an editor and unknown here starts as intermediate, to be set in the admin.
The ladder content's version moves, so no copy built before keeps a course without it."""

import time

from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Greatest

SHIPPED = {
    "introductory": [
        "ai-for-everyone",
        "ai-product-management-duke",
        "ethics-of-ai-helsinki",
        "fastai-practical-data-ethics",
        "fastai-practical-deep-learning",
        "generative-ai-for-everyone",
        "google-ml-crash-course",
        "hugging-face-deep-rl-course",
        "jupyter-documentation",
        "kaggle-computer-vision",
        "kaggle-data-cleaning",
        "kaggle-feature-engineering",
        "kaggle-intro-to-machine-learning",
        "kaggle-python",
        "khan-statistics-probability",
        "made-with-ml",
        "ml-specialization",
        "people-ai-guidebook",
        "scikit-learn-mooc",
        "stanford-cs197-research",
        "writing-in-the-sciences",
    ],
    "intermediate": [
        "aws-sagemaker-developer-guide",
        "azure-machine-learning-docs",
        "david-silver-rl-lectures",
        "deep-learning-specialization",
        "dive-into-deep-learning",
        "full-stack-deep-learning",
        "generative-ai-with-llms",
        "google-vertex-ai-docs",
        "hugging-face-llm-course",
        "jurafsky-martin-slp",
        "kaggle-intermediate-machine-learning",
        "kaggle-pandas",
        "mit-18-06-linear-algebra",
        "ml-in-production",
        "mlflow-documentation",
        "numpy-learn",
        "python-data-science-handbook",
        "pytorch-distributed-overview",
        "pytorch-tutorials",
        "scikit-learn-tutorials",
        "spinning-up-deep-rl",
        "structuring-ml-projects",
        "the-managers-path",
    ],
    "advanced": [
        "art-of-doing-science-and-engineering",
        "designing-ml-systems",
        "kubeflow-documentation",
        "mit-efficientml",
        "practical-deep-learning-part-2",
        "staff-engineer-book",
        "stanford-cs224n",
        "stanford-cs231n",
        "stanford-cs329s",
        "ultra-scale-playbook",
    ],
}


def set_the_shipped_difficulties(apps, schema_editor):
    course = apps.get_model("ladder", "Course")
    for difficulty, slugs in SHIPPED.items():
        course.objects.filter(slug__in=slugs).update(difficulty=difficulty)
    version = apps.get_model("ladder", "ContentVersion")
    version.objects.filter(pk=1).update(version=Greatest(F("version") + 1, Value(time.time_ns())))


class Migration(migrations.Migration):
    dependencies = [
        ("ladder", "0005_data_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="difficulty",
            field=models.CharField(
                choices=[
                    ("introductory", "Introductory"),
                    ("intermediate", "Intermediate"),
                    ("advanced", "Advanced"),
                ],
                default="intermediate",
                help_text=(
                    "What it assumes: introductory courses are recommended for a first step in "
                    "a skill (from Not started or Learning), intermediate and advanced ones for "
                    "later steps."
                ),
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="difficulty",
            field=models.CharField(
                choices=[
                    ("introductory", "Introductory"),
                    ("intermediate", "Intermediate"),
                    ("advanced", "Advanced"),
                ],
                default="intermediate",
                help_text=(
                    "What it assumes: introductory courses are recommended for a first step in "
                    "a skill (from Not started or Learning), intermediate and advanced ones for "
                    "later steps."
                ),
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_the_shipped_difficulties, migrations.RunPython.noop),
    ]
