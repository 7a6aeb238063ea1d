"""Numbers for the dashboard's inline SVG charts: plain data in, coordinates out."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    maximum: float
    y: int
    width: float  # in the chart's drawing units

    @property
    def percent(self) -> int:
        return round(100 * self.value / self.maximum) if self.maximum else 0


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_area: int
    row_height: int


def bar_chart(
    rows: Iterable[tuple[str, float, float]],
    *,
    width: int = 440,
    label_width: int = 170,
    row_height: int = 30,
) -> BarChart:
    """Lay out horizontal bars for (label, value, maximum) rows."""
    bar_area = width - label_width - 50
    bars = tuple(
        Bar(
            label=label,
            value=value,
            maximum=maximum,
            y=index * row_height,
            width=round(bar_area * value / maximum, 1) if maximum else 0,
        )
        for index, (label, value, maximum) in enumerate(rows)
    )
    return BarChart(
        bars=bars,
        width=width,
        height=max(len(bars), 1) * row_height,
        bar_area=bar_area,
        row_height=row_height,
    )


@dataclass(frozen=True)
class Mark:
    """A day marked across a line chart (a check-in), at `x` in the chart's drawing."""

    x: float
    day: date
    label: str


@dataclass(frozen=True)
class LineChart:
    """A line through dated points, in a drawing `width` x `height` that the page stretches
    to its width: the text (axis labels, dates) is HTML around it, so it keeps its size in
    CSS pixels on any screen, and the strokes do not scale (vector-effect)."""

    points: tuple[tuple[float, float, date, int], ...]  # x, y, day, value
    path: str
    width: int
    height: int
    maximum: int
    first: date
    last: date
    target: int | None = None  # the next level's points, drawn as a dashed line
    target_y: float | None = None
    marks: tuple[Mark, ...] = ()  # days marked across the chart, in date order

    @property
    def middle(self) -> date:
        return self.first + (self.last - self.first) / 2

    @property
    def half(self) -> int:
        return round(self.maximum / 2)


def cumulative_points(changes: Iterable[tuple[date, int | None, int]]) -> list[tuple[date, int]]:
    """Return (day, total proficiency steps) after each day's changes.

    `changes` are (when, old or None, new) in time order; the total is the sum of the
    person's current proficiency over all skills.
    """
    total = 0
    by_day: dict[date, int] = {}
    for when, old, new in changes:
        total += new - (old or 0)
        by_day[when] = total
    return sorted(by_day.items())


def line_chart(
    series: Sequence[tuple[date, int]],
    *,
    target: int | None = None,
    width: int = 560,
    height: int = 200,
) -> LineChart | None:
    """Lay out a line through (day, value) points, with an optional target value drawn
    across; None with fewer than two points. The plot fills the drawing: y = 0 is the top
    (the maximum), y = height the bottom (zero)."""
    if len(series) < 2:
        return None
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    maximum = max(max(value for _, value in series), target or 0, 1)

    def y(value: int) -> float:
        return round(height - height * value / maximum, 1)

    points = tuple(
        (round(width * (day - first).days / span, 1), y(value), day, value) for day, value in series
    )
    path = "M " + " L ".join(f"{x} {y}" for x, y, _, _ in points)
    return LineChart(
        points=points,
        path=path,
        width=width,
        height=height,
        maximum=maximum,
        first=first,
        last=last,
        target=target,
        target_y=y(target) if target else None,
    )


def with_marks(chart: LineChart, days: Iterable[tuple[date, str]]) -> LineChart:
    """Return the chart with a mark at each (day, label) that falls within its dates; days
    outside them are left out (the chart does not stretch for them)."""
    span = max((chart.last - chart.first).days, 1)
    marks = tuple(
        Mark(x=round(chart.width * (day - chart.first).days / span, 1), day=day, label=label)
        for day, label in sorted(days)
        if chart.first <= day <= chart.last
    )
    return replace(chart, marks=marks)
