"""`manage.py check` refuses a model whose writes nobody has accounted for."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, Tags, register

from .writes import unaccounted


@register(Tags.models)
def every_model_says_what_its_writes_change(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[Error]:
    return [
        Error(
            f"{label} is neither in WRITES nor in EXEMPT (composition/writes.py).",
            hint="Say which data versions its writes move, or why nothing cached shows it.",
            id="careerpath.E001",
        )
        for label in unaccounted()
    ]
