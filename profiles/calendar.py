"""A learner's plan as an iCalendar feed (RFC 5545) that calendar apps subscribe to.

The feed's address holds a secret token (Profile.calendar_token): anyone with the address
reads the feed, nobody without it; a reset gives a new token and the old address is gone.
Each dated item of the plan is an all-day event over its planned week, each check-in an
all-day event on its day. UIDs are stable (the person and the item's key), so a calendar
app updates an event that moved instead of adding another."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vDuration

from .extras import CheckInInfo
from .plan import ItemKind, Plan

CALENDAR_NAME = "careerpath: your plan"
# How often calendar apps should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL):
# the plan moves when ratings or courses change, rarely more than a few times a day.
REFRESH = timedelta(hours=6)
KIND_LABELS = {ItemKind.SKILL: "Skill", ItemKind.COURSE: "Course", ItemKind.PROJECT: "Project"}


def _uid(person_id: int, key: str, domain: str) -> str:
    return f"careerpath-{person_id}-{key.replace(':', '-')}@{domain}"


def plan_calendar(
    plan: Plan,
    check_ins: Sequence[CheckInInfo],
    *,
    person_id: int,
    site_url: str,
    now: datetime,
) -> bytes:
    """Return the iCalendar text of a person's plan and check-ins. `site_url` makes the
    links absolute and names the UIDs' domain; `now` is the DTSTAMP of every event."""
    domain = site_url.split("://", 1)[-1].split("/", 1)[0] or "careerpath"
    calendar = Calendar()
    calendar.add("prodid", "-//careerpath//plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    if plan.dated:
        for item in plan.items:
            event = Event()
            event.add("uid", _uid(person_id, item.key, domain))
            event.add("dtstamp", now)
            event.add("dtstart", item.planned_week)
            event.add("dtend", item.planned_week + timedelta(days=7))
            event.add("summary", f"{KIND_LABELS.get(item.kind, 'Plan')}: {item.title}")
            hours = f"{item.hours} hours" + (" (our estimate)" if item.estimated else "")
            lines = [item.detail, f"Planned for this week: {hours}.", f"State: {item.state}."]
            event.add("description", "\n".join(line for line in lines if line))
            if item.url:
                event.add("url", site_url + item.url if item.url.startswith("/") else item.url)
            event.add("transp", "TRANSPARENT")  # a plan item does not make anyone busy
            calendar.add_component(event)
    for check_in in check_ins:
        day = check_in.held_on or check_in.due_on
        event = Event()
        event.add("uid", _uid(person_id, f"check-in:{check_in.id}", domain))
        event.add("dtstamp", now)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        held = "held" if check_in.held_on else "due"
        event.add("summary", f"Check-in with {check_in.mentor_name} ({held})")
        if check_in.url:
            url = site_url + check_in.url if check_in.url.startswith("/") else check_in.url
            event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
