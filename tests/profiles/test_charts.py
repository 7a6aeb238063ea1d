"""The progress chart's marks (check-ins) on plain data: no database."""

from datetime import date, timedelta

from profiles.charts import line_chart, with_marks

START = date(2030, 3, 1)  # a plain value: nothing here reads the clock


def test_a_day_within_the_chart_is_marked_where_its_date_falls():
    chart = line_chart([(START, 2), (START + timedelta(days=10), 6)], width=500)

    marked = with_marks(chart, [(START + timedelta(days=4), "Check-in with Grace")])

    (mark,) = marked.marks
    assert (mark.x, mark.day, mark.label) == (
        200.0,
        START + timedelta(days=4),
        "Check-in with Grace",
    )
    assert marked.points == chart.points


def test_days_outside_the_chart_are_left_out_and_the_rest_come_in_date_order():
    chart = line_chart([(START, 2), (START + timedelta(days=10), 6)])
    days = [
        (START + timedelta(days=10), "last"),
        (START - timedelta(days=1), "before"),
        (START, "first"),
        (START + timedelta(days=11), "after"),
    ]

    assert [mark.label for mark in with_marks(chart, days).marks] == ["first", "last"]
