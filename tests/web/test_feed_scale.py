"""Feeds at scale: O(1) validity checks and 304s, VEVENT cache, single-flight rebuild,
the 1 MB budget of subscription feeds."""

import gzip
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import bindparam, select, text

import actiondays.services.feeds as feed_service
import actiondays.web.public.feeds as feed_views
from actiondays.db import UTCDateTime
from actiondays.extensions import db
from actiondays.models import Campaign, DataVersion, VEventCache
from actiondays.models.event import BERLIN
from tests.icalcheck import parse_feed, summaries

FEED = "/calendar.ics?year=2013"


def _version() -> int:
    return db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1))


def _reads_a_body(statements: list[str]) -> bool:
    return any("feed_bod" in s or "vevent_cache" in s or "FROM events" in s for s in statements)


@pytest.mark.parametrize("extra", [0, 12])
def test_304_is_one_statement_and_reads_no_body(client, make_event, count_queries, extra):
    for number in range(1 + extra):
        make_event(title=f"Termin {number}")
    etag = client.get(FEED).headers["ETag"]
    with count_queries() as counted:
        response = client.get(FEED, headers={"If-None-Match": etag})
    assert response.status_code == 304
    # The data version and the feed's validators, read together.
    assert counted.count == 1
    assert not _reads_a_body(counted.statements)


def test_warm_feed_is_served_from_the_hosts_body_files_without_reading_a_body(
    client, make_event, count_queries
):
    make_event()
    built = client.get(FEED).data
    with count_queries() as plain:
        body = client.get(FEED).data
    with count_queries() as packed:
        zipped = client.get(FEED, headers={"Accept-Encoding": "gzip"})
    assert body == built
    parse_feed(body)
    assert gzip.decompress(zipped.data) == body
    assert plain.count == packed.count == 1
    assert not _reads_a_body(plain.statements + packed.statements)


def test_another_host_fills_its_body_files_once_from_the_stored_gzip_body(
    app, client, make_event, count_queries
):
    make_event(title="Über Hosts hinweg")
    built = client.get(FEED).data
    # Another host: the same database, an empty directory of body files.
    for path in feed_service.body_directory().iterdir():
        path.unlink()
    with count_queries() as first:
        body = client.get(FEED).data
    with count_queries() as second:
        again = client.get(FEED).data
    with count_queries() as packed_first:
        zipped = client.get(FEED, headers={"Accept-Encoding": "gzip"}).data
    with count_queries() as packed_again:
        assert client.get(FEED, headers={"Accept-Encoding": "gzip"}).data == zipped
    assert body == again == built == gzip.decompress(zipped)
    # Each representation's file is filled once, from one read of the stored gzip body (the
    # identity request was answered before: its replay found the file gone, web/public/
    # replay.py, and Flask's view went on from the validators the replay had read).
    for counted in (first, packed_first):
        assert counted.count == 2
        assert len([s for s in counted.statements if "feed_bodies.body_gzip" in s]) == 1
    assert second.count == packed_again.count == 1
    assert not _reads_a_body(second.statements + packed_again.statements)


def test_a_rebuild_removes_the_files_of_the_body_it_replaces(client, make_event):
    event = make_event(title="Vorher")
    old = client.get(FEED).headers["ETag"].strip('"')
    assert feed_service.body_path(old, compressed=False).exists()
    event.title = "Nachher"
    db.session.commit()
    new = client.get(FEED).headers["ETag"].strip('"')
    assert new != old
    assert not feed_service.body_path(old, compressed=False).exists()
    assert not feed_service.body_path(old, compressed=True).exists()
    assert feed_service.body_path(new, compressed=False).exists()


def test_any_write_to_public_data_bumps_the_version_in_its_transaction(app, make_event):
    event = make_event()
    before = _version()
    with db.engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(text("UPDATE events SET title = 'x' WHERE id = :id"), {"id": event.id})
        inside = conn.scalar(text("SELECT version FROM data_versions WHERE id = 1"))
        transaction.rollback()
    assert inside > before
    db.session.expire_all()
    assert _version() == before
    db.session.execute(text("UPDATE themes SET name_de = name_de"))
    db.session.commit()
    assert _version() > before


def test_unrelated_change_of_the_version_keeps_validators_and_skips_the_rebuild(
    client, make_event, monkeypatch
):
    make_event(title="Hannover")
    first = client.get(FEED)
    builds = _count_builds(monkeypatch)
    make_event(title="Anderes Jahr", day=date(2012, 6, 15))
    second = client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 304
    assert builds == []


def _count_builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = feed_views.build_feed

    def counting(build):
        calls.append(1)
        return original(build)

    monkeypatch.setattr(feed_views, "build_feed", counting)
    return calls


def test_one_change_serialises_only_that_event(client, make_event, monkeypatch):
    events = [make_event(title=f"Termin {number}") for number in range(5)]
    client.get(FEED)
    assert len(db.session.scalars(select(VEventCache)).all()) == 5
    written: list[str] = []
    original = feed_service.vevent_bytes

    def counting(event, url, categories):
        written.append(event.title)
        return original(event, url, categories)

    monkeypatch.setattr(feed_service, "vevent_bytes", counting)
    events[2].title = "Geändert"
    db.session.commit()
    assert sorted(summaries(client.get(FEED).data)) == sorted(
        ["Termin 0", "Termin 1", "Geändert", "Termin 3", "Termin 4"]
    )
    assert written == ["Geändert"]


@pytest.mark.parametrize("by_id_limit", [2, 500])
def test_cold_build_sends_as_many_statements_for_30_events_as_for_3(
    client, make_event, count_queries, monkeypatch, by_id_limit
):
    """No statement per event or per batch of events: the uncached VEVENTs go to the cache in
    one bulk write, whether they are read by id or by the feed's own query."""
    monkeypatch.setattr(feed_service, "_BY_ID_LIMIT", by_id_limit)
    counts = []
    for number in (3, 27):
        for index in range(number):
            make_event(title=f"Termin {number}-{index}", themes=["bildung"])
        db.session.execute(text("DELETE FROM vevent_cache"))
        db.session.execute(text("DELETE FROM feed_states"))
        db.session.commit()
        with count_queries() as cold:
            body = client.get(FEED).data
        counts.append(cold.count)
        assert len(summaries(body)) == len(db.session.scalars(select(VEventCache)).all())
    assert counts[0] == counts[1]
    assert len(summaries(body)) == 30


def test_vevents_cached_by_a_cold_build_are_valid_for_the_next_one(client, make_event, monkeypatch):
    """Whole-second and fractional instants alike: the bulk write binds `updated_at` exactly
    as the events table stores it, so the cached rows compare equal in SQL."""
    whole = make_event(title="Ganze Sekunde")
    make_event(title="Bruchteil")
    db.session.execute(
        text("UPDATE events SET updated_at = :t WHERE id = :id").bindparams(
            bindparam("t", type_=UTCDateTime())
        ),
        {"t": datetime(2013, 5, 1, 12, 0, 0, tzinfo=UTC), "id": whole.id},
    )
    db.session.commit()
    client.get(FEED)
    written: list[str] = []
    original = feed_service.vevent_bytes
    monkeypatch.setattr(
        feed_service, "vevent_bytes", lambda e, *a: written.append(e.title) or original(e, *a)
    )
    db.session.execute(text("DELETE FROM feed_states"))
    db.session.commit()
    assert sorted(summaries(client.get(FEED).data)) == ["Bruchteil", "Ganze Sekunde"]
    assert written == []


def test_cached_vevents_give_the_same_bytes_as_a_cold_build(client, make_event):
    for number in range(3):
        make_event(title=f"Termin {number}", all_day=number == 1)
    warm = client.get(FEED).data
    db.session.execute(text("DELETE FROM feed_states"))
    db.session.commit()
    assert client.get(FEED).data == warm  # from cached VEVENTs
    db.session.execute(text("DELETE FROM vevent_cache"))
    db.session.execute(text("DELETE FROM feed_states"))
    db.session.commit()
    assert client.get(FEED).data == warm  # everything serialised again


def test_eight_clients_after_a_change_cause_one_rebuild(app, client, make_event, monkeypatch):
    event = make_event()
    client.get(FEED)
    event.title = "Neu"
    db.session.commit()
    builds = _count_builds(monkeypatch)
    start = threading.Barrier(8)
    results: list[tuple[int, bytes]] = []
    errors: list[BaseException] = []

    def ask():
        try:
            with app.test_client() as own:
                start.wait(timeout=10)
                response = own.get(FEED)
                results.append((response.status_code, response.data))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(builds) == 1
    assert [status for status, _ in results] == [200] * 8
    assert len({body for _, body in results}) == 1
    assert summaries(results[0][1]) == ["Neu"]


@pytest.fixture
def this_year(seeded):
    today = datetime.now(BERLIN).date()
    campaign = Campaign(
        year=today.year,
        title=f"Aktionstage {today.year}",
        registration_opens_on=date(today.year, 1, 1),
        registration_closes_on=date(today.year, 12, 31),
        action_starts_on=date(today.year - 1, 1, 1),
        action_ends_on=date(today.year + 1, 12, 31),
    )
    db.session.add(campaign)
    db.session.commit()
    return today


def test_subscription_feed_stays_within_its_byte_budget_keeping_the_nearest_events(
    client, make_event, this_year, monkeypatch
):
    monkeypatch.setattr(feed_views, "FEED_BYTE_BUDGET", 4096 + 4 * 1200)
    for offset in (-200, -100, 3, 10, 20, 40, 300):
        day = this_year + timedelta(days=offset)
        make_event(title=f"Tag {offset:+d}", day=day, year=this_year.year, description="x" * 400)
    body = client.get("/calendar.ics").data
    assert len(body) <= 4096 + 4 * 1200
    first, _ = parse_feed(body)
    kept = summaries(body)
    assert {"Tag +3", "Tag +10", "Tag +20"} <= set(kept)
    assert "Tag -200" not in kept
    assert "nächsten Termine" in str(first["DESCRIPTION"])
    # A year feed (an archive download) is complete.
    assert len(summaries(client.get(f"/calendar.ics?year={this_year.year}").data)) == 7


def test_default_budget_is_one_megabyte():
    assert feed_views.FEED_BYTE_BUDGET == 1_000_000


def test_a_body_gone_between_validators_and_body_asks_the_client_to_retry(client, make_event):
    """Another worker replaced the body (or a prune removed it) after this request read the
    validators: a 503 with Retry-After in German, never a 500 or someone else's bytes."""
    make_event()
    client.get(FEED)
    db.session.execute(text("DELETE FROM feed_bodies"))
    db.session.commit()
    for path in feed_service.body_directory().iterdir():
        path.unlink()
    response = client.get(FEED)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "Kalender wird gerade aktualisiert" in response.get_data(as_text=True)


def test_a_build_that_fails_midway_leaves_no_body_files(app):
    def body():
        yield b"BEGIN:VCALENDAR\r\n"
        raise RuntimeError("Abbruch")

    before = set(feed_service.body_directory().iterdir())
    with pytest.raises(RuntimeError, match="Abbruch"):
        feed_service._write_body(body())
    assert set(feed_service.body_directory().iterdir()) == before
