"""The month view: an accessible table of days with a list fallback for narrow screens."""

import calendar as pycalendar
from collections import defaultdict
from datetime import date, timedelta

from babel.dates import get_day_names, get_month_names
from flask import abort, render_template, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models.event import BERLIN
from actiondays.services.listings import (
    campaign_years,
    month_day_counts,
    month_events_bounded,
    nearest_event_day,
)
from actiondays.web.public import bp
from actiondays.web.public.filters import filters_or_400
from actiondays.web.public.views import filter_choices


def _month_or_400(today: date) -> tuple[int, int]:
    try:
        year = int(request.args.get("year") or today.year)
        month = int(request.args.get("month") or today.month)
    except ValueError:
        abort(400, description=_("Year and month must be numbers, for example 2013 and 6."))
    if not 1900 <= year <= 2999 or not 1 <= month <= 12:
        abort(400, description=_("Year and month must be numbers, for example 2013 and 6."))
    return year, month


def _weekdays(width: str) -> list[str]:
    """Monday to Sunday in the interface language (babel numbers them 0 = Monday)."""
    names = get_day_names(width, locale=get_locale())
    return [names[index] for index in range(7)]


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


#: Events shown in one day's cell; the rest are counted and linked ("+ 12 more").
EVENTS_PER_DAY = 4
#: Events listed below the grid; the rest are counted and linked to the filtered list.
LISTED_PER_MONTH = 100


def _spread_counts(groups, first_day: date, last_day: date) -> dict[date, int]:
    """Events per grid day from (first day, last day, number) groups."""
    per_day: dict[date, int] = defaultdict(int)
    for starts_on, ends_on, number in groups:
        day = max(starts_on, first_day)
        while day <= min(ends_on, last_day):
            per_day[day] += number
            day += timedelta(days=1)
    return per_day


def _sort_key(event):
    return (event.starts_on, not event.is_all_day, event.starts_at or event.local_start, event.id)


@bp.get("/calendar")
def month_calendar():
    """Events of one month as a grid (weeks × weekdays) and as a list; both bounded.

    Without a chosen month the calendar opens on the current month if it has events, else on
    the next month with events (a visitor is never left in an empty month when there are
    events ahead); an empty month links to the nearest months with events either way."""
    today = utcnow().astimezone(BERLIN).date()
    filters = filters_or_400(request.args)
    year, month = _month_or_400(today)
    page = _month_page(today, filters, year, month)
    chosen = request.args.get("year") or request.args.get("month")
    if not chosen and not page["month_events"] and "next" in page["nearest"]:
        upcoming = page["nearest"]["next"][0]
        page = _month_page(today, filters, upcoming.year, upcoming.month)
        page["opened_on_next"] = format_date(date(today.year, today.month, 1), "LLLL yyyy")
    return render_template("public/calendar.html", **page)


def _month_page(today: date, filters, year: int, month: int) -> dict:
    """Everything the month template needs for one month."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    month_start = date(year, month, 1)
    month_end = date(year, month, pycalendar.monthrange(year, month)[1])
    groups = db.session.execute(month_day_counts(filters, first_day, last_day)).all()
    counts = _spread_counts(groups, first_day, last_day)
    month_total = sum(n for start, end, n in groups if start <= month_end and end >= month_start)
    stmt = month_events_bounded(
        filters,
        first_day,
        last_day,
        EVENTS_PER_DAY,
        (month_start, month_end),
        LISTED_PER_MONTH,
    )
    events = sorted(db.session.scalars(stmt).unique().all(), key=_sort_key)
    by_day: dict[date, list] = defaultdict(list)
    for event in events:
        day = max(event.starts_on, first_day)
        while day <= min(event.ends_on, last_day):
            if len(by_day[day]) < EVENTS_PER_DAY:
                by_day[day].append(event)
            day += timedelta(days=1)
    more = {day: counts[day] - len(by_day[day]) for day in counts}
    month_events = [e for e in events if e.starts_on <= month_end and e.ends_on >= month_start]
    month_events = month_events[:LISTED_PER_MONTH]
    prev_year, prev_month = _shift(year, month, -1)
    next_year, next_month = _shift(year, month, 1)
    nav_args = {
        "region": list(filters.regions),
        "theme": list(filters.themes),
        "kind": filters.kind,
        "q": filters.q,
    }
    nearest = {}
    if not month_events:  # never strand a visitor in an empty month
        for name, day, later in (("next", month_end, True), ("previous", month_start, False)):
            found = db.session.scalar(nearest_event_day(filters, day, later))
            if found is not None:
                nearest[name] = (found, format_date(found, "LLLL yyyy"))
    years = sorted(set(db.session.scalars(campaign_years()).all()) | {today.year, year})
    regions, themes = filter_choices()
    return dict(
        opened_on_next=None,
        nearest=nearest,
        years=years,
        month_names=get_month_names("wide", locale=get_locale()),
        regions=regions,
        themes=themes,
        weeks=weeks,
        month=month,
        year=year,
        title=format_date(month_start, "LLLL yyyy"),
        day_names=_weekdays("wide"),
        short_day_names=_weekdays("abbreviated"),
        by_day=by_day,
        more=more,
        month_events=month_events,
        month_more=month_total - len(month_events),
        today=today,
        filters=filters,
        nav_args={key: value for key, value in nav_args.items() if value},
        prev=(prev_year, prev_month),
        next=(next_year, next_month),
        prev_title=format_date(date(prev_year, prev_month, 1), "LLLL yyyy"),
        next_title=format_date(date(next_year, next_month, 1), "LLLL yyyy"),
    )
