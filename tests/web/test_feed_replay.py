"""Unchanged feeds answered again in front of Flask (actiondays/web/public/replay.py): the same
response as Flask's, revalidated by the feed's validators on every request, never for a
request or response that is personal, conditional or stale."""

import gzip
from contextlib import contextmanager
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from flask import request_started

import actiondays.web.public.replay as replay_module
import config
from actiondays import create_app
from actiondays.extensions import db
from actiondays.models.event import BERLIN
from tests.icalcheck import parse_feed, summaries

FEED = "/calendar.ics?year=2013"
GZIP = {"Accept-Encoding": "gzip"}


@contextmanager
def flask_requests(app):
    """The requests Flask itself handled inside the block (a replay starts none)."""
    started: list[str] = []

    def _started(sender, **_extra):
        from flask import request

        started.append(request.full_path)

    request_started.connect(_started, app)
    try:
        yield started
    finally:
        request_started.disconnect(_started, app)


def _headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k != "Date"}


@pytest.mark.parametrize("headers", [{}, GZIP])
def test_an_unchanged_feed_is_replayed_with_flasks_own_response(
    app, client, make_event, count_queries, headers
):
    make_event(title="Lesefest")
    with flask_requests(app) as started:
        first = client.get(FEED, headers=headers)
    assert first.status_code == 200
    assert len(started) == 1
    with flask_requests(app) as started, count_queries() as counted:
        again = client.get(FEED, headers=headers)
    assert started == []
    assert counted.count == 1  # the feed's validators, nothing else
    assert again.status_code == 200
    assert again.data == first.data
    assert _headers(again) == _headers(first)
    body = gzip.decompress(again.data) if headers else again.data
    parse_feed(body)
    assert summaries(body) == ["Lesefest"]
    assert int(again.headers["Content-Length"]) == len(again.data)


def test_a_change_is_served_at_the_next_request(app, client, make_event):
    event = make_event(title="Vorher")
    old = client.get(FEED)
    client.get(FEED)
    event.title = "Nachher"
    db.session.commit()
    with flask_requests(app) as started:
        new = client.get(FEED)
    assert started == [FEED]
    assert new.headers["ETag"] != old.headers["ETag"]
    assert summaries(new.data) == ["Nachher"]
    with flask_requests(app) as started:
        assert client.get(FEED).data == new.data
    assert started == []


def test_a_change_to_another_feeds_data_is_checked_by_flask_once(app, client, make_event):
    """The data version moved (another region's event): Flask checks this feed's own events,
    keeps its body and ETag, and the replay resumes."""
    make_event(title="Hannover")
    feed = "/calendar.ics?year=2013&region=region-hannover"
    first = client.get(feed)
    make_event(title="Anderswo", region_slug="landkreis-goettingen")
    with flask_requests(app) as started:
        second = client.get(feed)
    with flask_requests(app) as later:
        third = client.get(feed)
    assert started == [feed]
    assert later == []
    assert first.headers["ETag"] == second.headers["ETag"] == third.headers["ETag"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Cookie": "lang=en"},
        {"Authorization": "Basic eDp5"},
        {"Range": "bytes=0-10"},
    ],
)
def test_personal_or_partial_requests_go_to_flask(app, client, make_event, headers):
    make_event()
    client.get(FEED)
    fresh = app.test_client(use_cookies=False)  # sends the headers as given
    with flask_requests(app) as started:
        response = fresh.get(FEED, headers=headers)
    assert started == [FEED]
    assert response.status_code == 200


def test_conditional_requests_go_to_flask_and_get_their_304(app, client, make_event):
    make_event()
    etag = client.get(FEED).headers["ETag"]
    with flask_requests(app) as started:
        response = client.get(FEED, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert started == [FEED]


def test_head_requests_and_other_addresses_go_to_flask(app, client, make_event):
    make_event()
    client.get(FEED)
    with flask_requests(app) as started:
        head = client.head(FEED)
        other = client.get(FEED + "&kind=action_day")
    assert head.status_code == other.status_code == 200
    assert head.data == b""
    assert started == [FEED, FEED + "&kind=action_day"]


def test_each_encoding_is_remembered_on_its_own(app, client, make_event):
    make_event(title="Beide")
    plain = client.get(FEED)
    packed = client.get(FEED, headers=GZIP)
    with flask_requests(app) as started:
        plain_again = client.get(FEED)
        packed_again = client.get(FEED, headers=GZIP)
    assert started == []
    assert plain_again.data == plain.data == gzip.decompress(packed_again.data)
    assert "Content-Encoding" not in plain_again.headers
    assert packed_again.headers["Content-Encoding"] == "gzip"
    assert packed_again.headers["ETag"] == packed.headers["ETag"] != plain.headers["ETag"]


def test_atom_feeds_are_replayed_too(app, client, make_event):
    make_event(title="Neu")
    first = client.get("/events.atom")
    with flask_requests(app) as started:
        again = client.get("/events.atom")
    assert started == []
    assert again.data == first.data
    assert b"Neu" in again.data


def test_unknown_filters_are_never_remembered(app, client, seeded):
    for _ in range(2):
        with flask_requests(app) as started:
            response = client.get("/calendar.ics?region=gibt-es-nicht")
        assert response.status_code == 400
        assert started == ["/calendar.ics?region=gibt-es-nicht"]


def test_a_missing_body_file_sends_the_request_to_flask_which_fills_it(app, client, make_event):
    make_event(title="Datei")
    first = client.get(FEED)
    client.get(FEED)
    for path in app.extensions["feed_replay"]._entries.values():
        path.body.unlink()
    with flask_requests(app) as started:
        again = client.get(FEED)
    assert started == [FEED]
    assert again.data == first.data


def _clock(monkeypatch, moved: timedelta) -> None:
    now = datetime.now(BERLIN) + moved
    monkeypatch.setattr(replay_module, "time", SimpleNamespace(time=now.timestamp))


def test_entries_expire_after_the_configured_time(app, client, make_event, monkeypatch):
    make_event()
    client.get(FEED)
    ttl = app.extensions["feed_replay"].ttl
    _clock(monkeypatch, timedelta(seconds=ttl + 1))
    with flask_requests(app) as started:
        client.get(FEED)
    assert started == [FEED]


def test_the_default_feed_is_not_replayed_past_midnight(app, client, make_event, monkeypatch):
    """Its window moves with the date; a feed of one year has no such limit."""
    make_event()
    monkeypatch.setattr(app.extensions["feed_replay"], "ttl", 10**9)
    client.get("/calendar.ics")
    client.get(FEED)
    today = datetime.now(BERLIN)
    midnight = datetime.combine(today.date() + timedelta(days=1), datetime.min.time(), BERLIN)
    _clock(monkeypatch, midnight - today + timedelta(seconds=1))
    with flask_requests(app) as started:
        client.get("/calendar.ics")
        client.get(FEED)
    assert started == ["/calendar.ics?"]


def test_responses_that_set_a_cookie_or_are_private_are_not_remembered():
    snapshot = SimpleNamespace(content_hash="abc", key="k")
    offered = replay_module.Offer(snapshot, None, None, float("inf"))
    headers = [("ETag", '"abc"'), ("Vary", "Accept-Encoding"), ("Content-Length", "3")]
    environ = {"HTTP_ACCEPT_ENCODING": ""}
    assert replay_module._entry(offered, "200 OK", headers, environ, 60) is not None
    for extra in (("Set-Cookie", "a=b"), ("Cache-Control", "private"), ("Vary", "*")):
        assert replay_module._entry(offered, "200 OK", [*headers, extra], environ, 60) is None
    assert replay_module._entry(offered, "304 NOT MODIFIED", headers, environ, 60) is None
    # An ETag that is not the offered body's: Flask answered something else.
    changed = [("ETag", '"other"'), ("Vary", "Accept-Encoding")]
    assert replay_module._entry(offered, "200 OK", changed, environ, 60) is None


def test_a_request_differing_in_a_header_the_response_varies_on_is_not_replayed():
    snapshot = SimpleNamespace(content_hash="abc", key="k")
    offered = replay_module.Offer(snapshot, None, None, float("inf"))
    headers = [("ETag", '"abc"'), ("Vary", "Accept-Encoding, Accept-Language")]
    entry = replay_module._entry(offered, "200 OK", headers, {"HTTP_ACCEPT_LANGUAGE": "de"}, 60)
    assert dict(entry.varies) == {"HTTP_ACCEPT_ENCODING": None, "HTTP_ACCEPT_LANGUAGE": "de"}
    layer = replay_module.FeedReplay.__new__(replay_module.FeedReplay)
    assert layer._replay(entry, {"HTTP_ACCEPT_LANGUAGE": "en"}, None) is None


def test_behind_a_proxy_the_address_the_proxy_was_asked_for_decides(database_url, make_event):
    """The replay sits inside ProxyFix: two public host names, two feeds with their own links."""
    make_event(title="Hinter dem Proxy")

    class Behind(config.TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        PROXY_COUNT = 1
        SERVER_NAME = None

    proxied = create_app(Behind)
    try:
        client = proxied.test_client()
        bodies = {}
        for _ in range(2):
            for host in ("eins.example", "zwei.example"):
                headers = {"X-Forwarded-Host": host, "X-Forwarded-Proto": "https"}
                bodies.setdefault(host, set()).add(client.get(FEED, headers=headers).data)
        assert all(len(seen) == 1 for seen in bodies.values())
        assert b"https://eins.example/events/" in next(iter(bodies["eins.example"]))
        assert b"https://zwei.example/events/" in next(iter(bodies["zwei.example"]))
    finally:
        proxied.extensions["feed_replay"].dispose()
        with proxied.app_context():
            db.engine.dispose()
