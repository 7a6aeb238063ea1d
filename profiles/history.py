"""A person's rating history: their latest changes and the chart of their progress."""

from dataclasses import dataclass

from django.utils import timezone

from . import charts
from .models import SkillRatingChange
from .standing import Standing

RECENT = 8  # changes listed under the chart


@dataclass(frozen=True)
class RatingHistory:
    recent_changes: list  # latest first
    chart: charts.LineChart | None


def rating_history_for(user, standing: Standing, *, marked=None) -> RatingHistory:
    """Return the person's rating history, in one query; the chart's target line is the
    skill points the next level asks for. `marked`, when given, returns the (day, label)
    pairs to mark across the chart (the person's check-ins); it is called only when there
    is a chart."""
    changes = list(
        SkillRatingChange.objects.filter(user=user)
        .select_related("skill")
        .order_by("changed_at", "pk")
    )
    series = charts.cumulative_points(
        (timezone.localdate(change.changed_at), change.old_proficiency, change.new_proficiency)
        for change in changes
    )
    target = sum(c.need for c in standing.assessment.next_checks if not c.is_years)
    chart = charts.line_chart(series, target=int(target) or None)
    if chart is not None and marked is not None:
        chart = charts.with_marks(chart, marked())
    return RatingHistory(recent_changes=changes[::-1][:RECENT], chart=chart)
