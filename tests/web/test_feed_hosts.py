"""Scale-out: two hosts (two gunicorn servers, each with its own directory of feed body files)
on one database agree on every feed, and a change is rebuilt once for both.

Threads in one process (test_feed_scale.py) cannot show that separate processes with separate
disks agree; here each "host" is a gunicorn with 2 sync workers and its own FEED_CACHE_DIR, on
SQLite (one file) and on PostgreSQL.
"""

import gzip
import threading
from http.client import HTTPConnection

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import FeedState
from tests import servers
from tests.icalcheck import parse_feed, summaries

FEED = "/calendar.ics?year=2013"
#: Both hosts stand behind one proxy name: feeds are keyed by their public URL.
HOST = "aktionstage.example"


def _get(port: int, headers: dict | None = None) -> tuple[int, bytes, dict]:
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", FEED, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def _revisions() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.coalesce(func.sum(FeedState.revision), 0)))


@pytest.fixture
def two_hosts(app, database_url, tmp_path):
    with (
        servers.gunicorn(database_url, 2, FEED_CACHE_DIR=str(tmp_path / "a")) as first,
        servers.gunicorn(database_url, 2, FEED_CACHE_DIR=str(tmp_path / "b")) as second,
    ):
        yield (first, tmp_path / "a"), (second, tmp_path / "b")


def test_two_hosts_serve_the_same_feed_and_rebuild_a_change_once(two_hosts, make_event):
    (first, first_files), (second, second_files) = two_hosts
    event = make_event(title="Vorher")
    status, built, headers = _get(first)
    assert status == 200
    assert summaries(built) == ["Vorher"]
    etag = headers["ETag"]
    # The other host has no file yet: it fills it from the stored gzip body, same bytes.
    status, copied, other = _get(second)
    assert (status, copied, other["ETag"]) == (200, built, etag)
    assert _get(second, {"If-None-Match": etag})[0] == 304
    packed_first = _get(first, {"Accept-Encoding": "gzip"})[1]
    packed_second = _get(second, {"Accept-Encoding": "gzip"})[1]
    assert packed_first == packed_second
    assert gzip.decompress(packed_second) == built
    assert {p.name for p in first_files.iterdir()} == {p.name for p in second_files.iterdir()}

    event.title = "Nachher"
    db.session.commit()
    before = _revisions()
    start = threading.Barrier(8)
    results: list[tuple[int, bytes, dict]] = []

    def ask(port: int) -> None:
        start.wait(timeout=30)
        results.append(_get(port))

    threads = [threading.Thread(target=ask, args=(port,)) for port in [first, second] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [status for status, _, _ in results] == [200] * 8
    assert len({body for _, body, _ in results}) == 1
    assert len({headers["ETag"] for _, _, headers in results}) == 1
    assert summaries(results[0][1]) == ["Nachher"]
    parse_feed(results[0][1])
    assert _revisions() == before + 1
    # Both hosts now answer the new validators with a 304.
    new_etag = results[0][2]["ETag"]
    assert new_etag != etag
    assert {_get(port, {"If-None-Match": new_etag})[0] for port in (first, second)} == {304}
