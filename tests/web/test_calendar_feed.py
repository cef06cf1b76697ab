"""/calendar.ics: content, filters, life cycle, time zones, text, validators and caching."""

import gzip
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from actiondays.extensions import db
from actiondays.models import Campaign, Event, FeedState
from actiondays.models.event import BERLIN
from tests.icalcheck import parse_feed, summaries, vevents

FEED_2013 = "/calendar.ics?year=2013"


def _get(client, url=FEED_2013, **headers):
    """GET a feed; every calendar body is checked by both parsers on the way."""
    response = client.get(url, headers=headers)
    if response.status_code == 200:
        body = response.data
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        parse_feed(body)
    return response


def _event_by_uid(body: bytes, uid: str):
    first, second = parse_feed(body)
    one = [e for e in first.walk("VEVENT") if str(e["UID"]) == uid]
    two = [e for e in second.events if e.uid == uid]
    assert len(one) == len(two) == 1
    return one[0], two[0]


def test_feed_is_text_calendar_with_cache_headers(client, make_event):
    make_event()
    response = _get(client)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert "max-age=" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]


def test_feed_calendar_properties(client, make_event):
    make_event()
    first, second = parse_feed(
        _get(client, "/calendar.ics?region=region-hannover&theme=bildung").data
    )
    assert str(first["X-WR-CALNAME"]) == "Aktionstage – Region Hannover – Bildung"
    assert second.name == ["Aktionstage – Region Hannover – Bildung"]
    assert str(first["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert first["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    assert second.refresh_interval == timedelta(hours=6)
    assert str(first["X-PUBLISHED-TTL"]) == "PT6H"
    assert [str(tz["TZID"]) for tz in first.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert [tz.tz_id for tz in second.timezones] == ["Europe/Berlin"]


def test_feed_event_properties(client, make_event):
    event = make_event(latitude=52.3745, longitude=9.7386, themes=["bildung", "gesundheit"])
    first, second = _event_by_uid(_get(client).data, event.uid)
    assert first["URL"] == f"http://actiondays.test/events/{event.id}"
    assert str(first["LOCATION"]) == "Stadtbibliothek, 30159 Hannover"
    assert second.geo.lat == pytest.approx(52.3745)
    assert second.geo.lng == pytest.approx(9.7386)
    assert second.categories == ["Bildung", "Gesundheit"]
    assert str(first["STATUS"]) == "CONFIRMED"
    assert second.sequence == 0
    assert first["DTSTAMP"].dt == event.updated_at.replace(microsecond=0)
    assert second.last_modified == event.updated_at.replace(microsecond=0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2013", ["Bildung 2013 Hannover", "Gesundheit 2013 Emden", "Werkstatt 2013"]),
        ("year=2012", ["Bildung 2012 Hannover"]),
        ("year=2013&region=emden", ["Gesundheit 2013 Emden"]),
        (
            "year=2013&region=emden&region=region-hannover",
            ["Bildung 2013 Hannover", "Gesundheit 2013 Emden", "Werkstatt 2013"],
        ),
        ("year=2013&theme=gesundheit", ["Gesundheit 2013 Emden"]),
        ("year=2013&kind=ideas_workshop", ["Werkstatt 2013"]),
        ("year=2013&q=emden", ["Gesundheit 2013 Emden"]),
        (
            "year=2013&region=region-hannover&theme=bildung&kind=action_day",
            ["Bildung 2013 Hannover"],
        ),
    ],
)
def test_feed_filters_alone_and_combined(client, make_event, query, expected):
    make_event(title="Bildung 2013 Hannover")
    make_event(title="Werkstatt 2013", kind="ideas_workshop", themes=["vernetzung"])
    make_event(
        title="Gesundheit 2013 Emden",
        region_slug="emden",
        themes=["gesundheit"],
        venue_city="Emden",
    )
    make_event(title="Bildung 2012 Hannover", day=date(2012, 6, 15))
    assert summaries(_get(client, f"/calendar.ics?{query}").data) == expected


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_feed_never_contains_unpublished_events(client, make_event, status):
    make_event(title="Öffentlich")
    make_event(title="Intern", status=status)
    assert summaries(_get(client).data) == ["Öffentlich"]


def test_moved_event_keeps_uid_and_sequence_grows(client, make_event):
    event = make_event()
    uid = event.uid
    before, _ = _event_by_uid(_get(client).data, uid)
    start = datetime(2013, 6, 16, 14, tzinfo=BERLIN)
    event.set_timed(start, start + timedelta(hours=2))
    db.session.commit()
    first, second = _event_by_uid(_get(client).data, uid)
    assert int(first["SEQUENCE"]) > int(before["SEQUENCE"])
    assert second.sequence == int(first["SEQUENCE"])
    assert second.dtstart == start
    assert first["DTSTART"].dt == start


def test_cancelled_event_stays_with_status_cancelled_and_higher_sequence(client, make_event):
    event = make_event()
    _get(client)
    event.cancel("Unwetter")
    db.session.commit()
    first, second = _event_by_uid(_get(client).data, event.uid)
    assert str(first["STATUS"]) == "CANCELLED"
    assert second.status.value == "CANCELLED"
    assert second.sequence >= 1
    assert "Unwetter" in second.description


def test_all_day_event_is_value_date_with_exclusive_end(client, make_event):
    event = make_event(all_day=True, day=date(2013, 6, 15))
    body = _get(client).data
    assert b"DTSTART;VALUE=DATE:20130615" in body
    assert b"DTEND;VALUE=DATE:20130616" in body
    first, second = _event_by_uid(body, event.uid)
    assert second.dtstart == date(2013, 6, 15)
    assert second.dtend == date(2013, 6, 16)
    assert first["DTEND"].dt == date(2013, 6, 16)


TRICKY = "Kinder, Eltern; Großeltern \\ Nachbarn\nzweite Zeile: Ümläute ß 🎈🧒🏽 " + "ä" * 40


def test_text_round_trips_exactly_in_both_parsers(client, make_event):
    event = make_event(
        title=TRICKY[:200], venue_name="Haus; Hof, \\ Garten 🏡", summary="", description=TRICKY
    )
    first, second = _event_by_uid(_get(client).data, event.uid)
    assert str(first["SUMMARY"]) == TRICKY[:200]
    assert second.summary == TRICKY[:200]
    assert second.location == "Haus; Hof, \\ Garten 🏡, 30159 Hannover"
    assert second.description.startswith(TRICKY)
    assert str(first["DESCRIPTION"]) == second.description


def test_every_content_line_is_folded_at_75_octets(client, make_event):
    make_event(title="🎈" * 60, description="ä" * 500)
    body = _get(client).data
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    parse_feed(body)


def test_event_across_october_dst_change_has_right_utc_instants(client, make_event):
    event = make_event(day=date(2013, 10, 20))
    # 26 Oct 2013 22:00 CEST to 27 Oct 2013 08:00 CET: eleven hours, not ten.
    event.set_timed(
        datetime(2013, 10, 26, 22, tzinfo=BERLIN), datetime(2013, 10, 27, 8, tzinfo=BERLIN)
    )
    db.session.commit()
    first, second = _event_by_uid(_get(client).data, event.uid)
    assert first["DTSTART"].dt.astimezone(UTC) == datetime(2013, 10, 26, 20, tzinfo=UTC)
    assert first["DTEND"].dt.astimezone(UTC) == datetime(2013, 10, 27, 7, tzinfo=UTC)
    assert second.dtstart.astimezone(UTC) == datetime(2013, 10, 26, 20, tzinfo=UTC)
    assert second.dtend.astimezone(UTC) == datetime(2013, 10, 27, 7, tzinfo=UTC)


def test_event_in_the_repeated_october_hour_keeps_its_instant(client, make_event):
    event = make_event(day=date(2013, 10, 20))
    # 01:30 UTC is 02:30 CET, the second 02:30 of that night.
    event.set_timed(
        datetime(2013, 10, 27, 1, 30, tzinfo=UTC), datetime(2013, 10, 27, 3, tzinfo=UTC)
    )
    db.session.commit()
    first, second = _event_by_uid(_get(client).data, event.uid)
    assert first["DTSTART"].dt.astimezone(UTC) == datetime(2013, 10, 27, 1, 30, tzinfo=UTC)
    assert second.dtstart.astimezone(UTC) == datetime(2013, 10, 27, 1, 30, tzinfo=UTC)


def test_if_none_match_gives_304(client, make_event):
    make_event()
    etag = _get(client).headers["ETag"]
    response = _get(client, If_None_Match=etag)
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag


def test_if_modified_since_gives_304(client, make_event):
    make_event()
    last_modified = _get(client).headers["Last-Modified"]
    assert _get(client, If_Modified_Since=last_modified).status_code == 304


def test_change_gives_new_etag_and_later_last_modified(client, make_event):
    event = make_event()
    first = _get(client)
    event.title = "Lesefest im Park"
    db.session.commit()
    second = _get(client, If_None_Match=first.headers["ETag"])
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified > first.last_modified
    assert summaries(second.data) == ["Lesefest im Park"]


def test_last_modified_never_moves_backwards_when_an_event_leaves(client, make_event):
    make_event(title="Bleibt")
    leaving = make_event(title="Geht", themes=["bildung"])
    first = _get(client, "/calendar.ics?year=2013&theme=bildung")
    # The leaving event is older than the remaining one after this change.
    db.session.execute(
        text("UPDATE events SET updated_at = :old WHERE id = :id"),
        {"old": datetime(2012, 1, 1), "id": leaving.id},
    )
    db.session.execute(text("DELETE FROM event_themes WHERE event_id = :id"), {"id": leaving.id})
    db.session.commit()
    second = _get(
        client,
        "/calendar.ics?year=2013&theme=bildung",
        If_Modified_Since=first.headers["Last-Modified"],
    )
    assert second.status_code == 200
    assert summaries(second.data) == ["Bleibt"]
    assert second.last_modified > first.last_modified


def test_unchanged_data_gives_identical_bytes_even_after_rebuilding(client, make_event):
    make_event()
    first = _get(client)
    db.session.execute(text("DELETE FROM feed_states"))
    db.session.commit()
    second = _get(client)
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]


def test_change_written_by_another_process_is_seen_at_once(client, make_event):
    event = make_event()
    _get(client)
    # A second worker process writes through its own connection.
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE events SET title = 'Anderswo geändert', updated_at = :now WHERE id = :id"),
            {"now": datetime.now(UTC).replace(tzinfo=None), "id": event.id},
        )
    db.session.expire_all()
    assert summaries(_get(client).data) == ["Anderswo geändert"]


def test_feed_state_is_stored_per_filter(client, make_event):
    make_event()
    _get(client, "/calendar.ics?year=2013&theme=bildung")
    _get(client, "/calendar.ics?theme=bildung&year=2013")
    _get(client, "/calendar.ics?year=2013&region=emden")
    queries = sorted(db.session.scalars(select(FeedState.query)))
    assert queries == [
        "http://actiondays.test/calendar.ics?year=2013&region=emden",
        "http://actiondays.test/calendar.ics?year=2013&theme=bildung",
    ]


def test_gzip_only_when_the_client_asks(client, make_event):
    make_event(description="Viel Text. " * 200)
    plain = _get(client)
    packed = _get(client, Accept_Encoding="gzip, deflate")
    assert "Content-Encoding" not in plain.headers
    assert plain.data.startswith(b"BEGIN:VCALENDAR")
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data


def test_gzip_variant_answers_304_to_its_own_etag(client, make_event):
    make_event()
    etag = _get(client, Accept_Encoding="gzip").headers["ETag"]
    assert _get(client, Accept_Encoding="gzip", If_None_Match=etag).status_code == 304


def test_default_window_holds_recent_and_upcoming_events_only(client, make_event):
    today = datetime.now(BERLIN).date()
    db.session.add(
        Campaign(
            year=today.year,
            title=f"Aktionstage {today.year}",
            registration_opens_on=date(today.year, 1, 1),
            registration_closes_on=date(today.year, 12, 31),
            action_starts_on=date(today.year, 1, 1),
            action_ends_on=date(today.year, 12, 31),
        )
    )
    db.session.commit()
    make_event(title="Dieses Jahr", day=today)
    make_event(title="Archiv 2013")
    assert summaries(_get(client, "/calendar.ics").data) == ["Dieses Jahr"]
    assert summaries(_get(client, "/calendar.ics?year=2013").data) == ["Archiv 2013"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=zwanzig", "Das Jahr muss eine Zahl sein"),
        ("region=atlantis", "Unbekannte Region: atlantis"),
        ("theme=bildung&theme=sport", "Unbekanntes Thema: sport"),
        ("kind=party", "Unbekannte Veranstaltungsart"),
    ],
)
def test_bad_feed_filter_is_400_with_message_and_no_state(client, seeded, query, message):
    response = _get(client, f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(FeedState.key)) is None


def test_feed_query_count_does_not_grow_with_events(client, make_event, count_queries):
    make_event(title="Eins", themes=["bildung", "gesundheit"])
    with count_queries() as few:
        _get(client)
    for number in range(6):
        make_event(title=f"V{number}", themes=["bildung", "gesundheit"])
    with count_queries() as rebuilt:
        _get(client)
    with count_queries() as cached:
        _get(client)
    # Rebuild: version with state, state, names, fingerprint, lock, state again, uncached ids,
    # their themes, their rows, the cache write (one executemany on SQLite; temp table,
    # COPY, upsert, drop on PostgreSQL), the span of years, cached VEVENTs streamed in feed
    # order, state write, stored body's hash, gzip body write.
    assert rebuilt.count == few.count <= 18
    assert cached.count == 1


def test_single_event_ics(client, make_event):
    event = make_event()
    response = _get(client, f"/events/{event.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(e["UID"]) for e in vevents(response.data)] == [event.uid]
    again = client.get(
        f"/events/{event.id}.ics", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_single_event_ics_of_unpublished_event_is_404(client, make_event, status):
    event = make_event(status=status)
    assert client.get(f"/events/{event.id}.ics").status_code == 404


def test_feed_of_published_events_is_sorted_and_unique(client, make_event):
    for number in range(3):
        make_event(title=f"Termin {number}", themes=["bildung", "gesundheit", "vernetzung"])
    uids = [str(e["UID"]) for e in vevents(_get(client).data)]
    assert len(uids) == len(set(uids)) == 3
    assert set(uids) == set(db.session.scalars(select(Event.uid)))


def test_theme_rename_reaches_the_cached_feed(client, make_event):
    make_event(themes=["bildung"])
    _get(client)
    db.session.execute(text("UPDATE themes SET name_de = 'Lernen' WHERE slug = 'bildung'"))
    db.session.commit()
    first, second = parse_feed(_get(client).data)
    assert second.events[0].categories == ["Lernen"]


def test_calendar_name_follows_a_region_rename(client, make_event):
    make_event()
    _get(client, "/calendar.ics?year=2013&region=region-hannover")
    db.session.execute(
        text("UPDATE regions SET name = 'Region Hannover (neu)' WHERE slug = 'region-hannover'")
    )
    db.session.commit()
    first, _ = parse_feed(_get(client, "/calendar.ics?year=2013&region=region-hannover").data)
    assert str(first["X-WR-CALNAME"]) == "Aktionstage – 2013 – Region Hannover (neu)"


def test_feed_bytes_do_not_depend_on_the_visitors_language(client, make_event):
    make_event()
    german = _get(client, "/calendar.ics?year=2013&theme=bildung")
    client.set_cookie("lang", "en", domain="actiondays.test")
    english = _get(client, "/calendar.ics?year=2013&theme=bildung")
    assert english.data == german.data
    first, _ = parse_feed(english.data)
    assert str(first["X-WR-CALNAME"]) == "Aktionstage – 2013 – Bildung"
