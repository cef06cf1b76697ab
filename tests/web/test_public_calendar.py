"""/calendar: the month grid, its navigation, filters and list fallback."""

from datetime import date, datetime

import pytest

from actiondays.models.event import BERLIN
from tests.conftest import html, text_of


def _cell(page, day: int):
    for cell in page.select("table.month-grid td:not(.other-month)"):
        if text_of(cell.select_one(".day-number [aria-hidden]")) == str(day):
            return cell
    raise AssertionError(f"no cell for day {day}")


def test_month_grid_is_an_accessible_table(client, seeded):
    page = html(client.get("/calendar?year=2013&month=6"))
    table = page.select_one("table.month-grid")
    assert text_of(table.caption) == "Veranstaltungen im Juni 2013"
    headers = table.select("thead th[scope=col]")
    assert [h.abbr["title"] for h in headers][:2] == ["Montag", "Dienstag"]
    assert len(headers) == 7
    assert all(len(row.select("td")) == 7 for row in table.select("tbody tr"))


def test_event_appears_on_its_day_with_time(client, make_event):
    make_event(title="Lesefest", day=date(2013, 6, 15))
    page = html(client.get("/calendar?year=2013&month=6"))
    assert text_of(_cell(page, 15).select_one(".day-events")) == "10:00 Lesefest"
    assert _cell(page, 14).select_one(".day-events") is None


def test_multi_day_event_appears_on_every_day(client, make_event):
    event = make_event(title="Festwoche", day=date(2013, 6, 10))
    event.set_all_day(date(2013, 6, 10), date(2013, 6, 12))
    from actiondays.extensions import db

    db.session.commit()
    page = html(client.get("/calendar?year=2013&month=6"))
    for day in (10, 11, 12):
        assert "Festwoche" in text_of(_cell(page, day))
    assert _cell(page, 13).select_one(".day-events") is None


def test_today_is_marked_in_words_and_aria(client, seeded):
    today = datetime.now(BERLIN).date()
    page = html(client.get("/calendar"))
    marked = page.select("td[aria-current=date]")
    assert len(marked) == 1
    assert "heute" in text_of(marked[0])
    assert str(today.day) in text_of(marked[0])


def test_previous_and_next_month_keep_the_filters(client, seeded):
    page = html(client.get("/calendar?year=2013&month=1&theme=bildung&region=emden"))
    prev = page.select_one(".month-nav a[rel=prev]")["href"]
    nxt = page.select_one(".month-nav a[rel=next]")["href"]
    assert "year=2012" in prev
    assert "month=12" in prev
    assert "year=2013" in nxt
    assert "month=2" in nxt
    for href in (prev, nxt):
        assert "theme=bildung" in href
        assert "region=emden" in href


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Emden Gesundheit", "Hannover Bildung"]),
        ("&region=emden", ["Emden Gesundheit"]),
        ("&theme=bildung", ["Hannover Bildung"]),
        ("&kind=ideas_workshop", []),
        ("&region=emden&theme=bildung", []),
        ("&q=hannover", ["Hannover Bildung"]),
    ],
)
def test_calendar_filters(client, make_event, query, expected):
    make_event(title="Hannover Bildung")
    make_event(
        title="Emden Gesundheit", region_slug="emden", themes=["gesundheit"], venue_city="Emden"
    )
    page = html(client.get(f"/calendar?year=2013&month=6{query}"))
    titles = sorted(text_of(a) for a in page.select(".month-list li a"))
    assert titles == expected


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_calendar_hides_unpublished_events(client, make_event, status):
    make_event(title="Intern", status=status)
    page = html(client.get("/calendar?year=2013&month=6"))
    assert "Intern" not in text_of(page.select_one("main"))


def test_list_fallback_names_cancelled_events(client, make_event):
    make_event(title="Abgesagt", status="cancelled")
    page = html(client.get("/calendar?year=2013&month=6"))
    assert "abgesagt" in text_of(page.select_one(".month-list li"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=x&month=1", "Das Jahr muss eine Zahl sein"),
        ("year=2013&month=13", "Jahr und Monat müssen Zahlen sein"),
        ("month=null", "Jahr und Monat müssen Zahlen sein"),
    ],
)
def test_bad_month_is_400_with_german_message(client, seeded, query, message):
    response = client.get(f"/calendar?{query}")
    assert response.status_code == 400
    assert message in text_of(html(response).select_one(".error-message"))


def test_calendar_query_count_does_not_grow_with_events(client, make_event, count_queries):
    make_event(title="Eins", themes=["bildung", "gesundheit"])
    with count_queries() as few:
        client.get("/calendar?year=2013&month=6")
    for number in range(6):
        make_event(title=f"V{number}", themes=["bildung", "gesundheit"])
    with count_queries() as many:
        client.get("/calendar?year=2013&month=6")
    assert many.count == few.count <= 5


def test_month_grid_speaks_english_when_chosen(client, seeded):
    client.set_cookie("lang", "en", domain="actiondays.test")
    page = html(client.get("/calendar?year=2013&month=6"))
    assert text_of(page.select_one("table.month-grid caption")) == "Events in June 2013"
    assert page.select_one("thead th abbr")["title"] == "Monday"


def _month_title(day: date) -> str:
    from flask_babel import force_locale, format_date

    with force_locale("de"):
        return format_date(day, "LLLL yyyy")


def _in_two_months() -> date:
    today = datetime.now(BERLIN).date()
    index = today.year * 12 + today.month - 1 + 2
    return date(index // 12, index % 12 + 1, 10)


def test_calendar_opens_on_the_next_month_with_events(client, make_event, open_campaign):
    later = _in_two_months()
    make_event(title="Herbstfest", day=later, campaign=open_campaign)
    make_event(
        title="Anderes Thema",
        day=later.replace(day=1),
        themes=["gesundheit"],
        campaign=open_campaign,
    )
    page = html(client.get("/calendar"))
    assert text_of(page.h1) == f"Kalender: {_month_title(later)}"
    assert "Herbstfest" in text_of(page.select_one(".month-list"))
    hint = text_of(page.select_one(".opened-on-next"))
    today = datetime.now(BERLIN).date()
    assert f"Keine Veranstaltungen im {_month_title(today)}" not in hint
    assert _month_title(today) in hint
    assert page.select_one(".month-empty") is None
    # The filters count: a theme with no event ahead stays on the current month, with help.
    filtered = html(client.get("/calendar?theme=vernetzung"))
    assert text_of(filtered.h1) == f"Kalender: {_month_title(today)}"
    assert filtered.select_one(".month-empty") is not None
    assert filtered.select_one("form.month-picker") is not None
    # An explicitly chosen month is shown as chosen, even when empty.
    chosen = html(client.get(f"/calendar?year={today.year}&month={today.month}"))
    assert text_of(chosen.h1) == f"Kalender: {_month_title(today)}"
    assert _month_title(later) in text_of(chosen.select_one("a.next-with-events"))


def test_calendar_stays_on_the_current_month_when_it_has_events(client, make_event, open_campaign):
    today = datetime.now(BERLIN).date()
    make_event(title="Heute", day=today, campaign=open_campaign)
    make_event(title="Später", day=_in_two_months(), campaign=open_campaign)
    page = html(client.get("/calendar"))
    assert text_of(page.h1) == f"Kalender: {_month_title(today)}"
    assert page.select_one(".opened-on-next") is None
    assert "Heute" in text_of(page.select_one(".month-list"))


def test_calendar_without_events_ahead_offers_the_last_month_with_events(client, make_event):
    make_event(title="Lesefest", day=date(2013, 6, 15))
    page = html(client.get("/calendar"))
    notice = page.select_one(".month-empty")
    assert "Keine Veranstaltungen im" in text_of(notice)
    assert notice.select_one("a.next-with-events") is None
    assert notice.select_one("a.previous-with-events")["href"] == "/calendar?year=2013&month=6"
    assert page.select_one("form.month-picker #pick-year option[value='2013']") is not None
