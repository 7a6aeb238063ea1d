"""Numbers for the dashboard's inline SVG charts: plain data in, coordinates out."""

from dataclasses import dataclass
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


def bar_chart(rows, *, width=440, label_width=170, row_height=30) -> BarChart:
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
class LineChart:
    points: tuple[tuple[float, float, date, int], ...]  # x, y, day, value
    path: str
    width: int
    height: int
    maximum: int
    first: date
    last: date


def cumulative_points(changes) -> list[tuple[date, int]]:
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


def line_chart(series, *, width=560, height=200, pad=30) -> LineChart | None:
    """Lay out a line through (day, value) points; None with fewer than two points."""
    if len(series) < 2:
        return None
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    maximum = max(max(value for _, value in series), 1)
    points = tuple(
        (
            round(pad + (width - 2 * pad) * (day - first).days / span, 1),
            round(height - pad - (height - 2 * pad) * value / maximum, 1),
            day,
            value,
        )
        for day, value in series
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
    )
