"""Dates built from today, for tests whose outcome depends on how long ago something was:
a fixed date would be overtaken by the calendar (a role started in January 2025 reached two
years of experience in December 2026 and a test began to fail)."""

import datetime

from django.utils import timezone


def months_ago(months: int) -> datetime.date:
    """The first of the month `months` months before this one, in the site's time zone."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)
