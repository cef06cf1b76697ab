"""Replaying unchanged feed responses in front of Flask: a small shared cache per process.

A warm feed request spends most of its time in the request machinery (routing, session,
locale, security hooks), not in its one statement or in sending its body file. Calendar
clients ask for the same few addresses again and again, without cookies. This WSGI layer
remembers, per worker, the response Flask gave to such a request (status and headers as
Flask made them, and which body file it sent) and answers the next identical request itself,
**after revalidating it** with the feed's validators statement: the feed must still serve the
same body and have no check pending (its state is current with the public data version).
Anything else goes to Flask, which answers and, if the view offers it, refreshes the entry.

What is replayed, and why that is safe:

- only a GET without cookies, credentials, conditional or range headers, answered 200 by a
  view that offered it (`offer`): the calendar and Atom feeds, whose bytes depend on the
  address and the public data only;
- keyed by the address as Flask saw it (scheme, host, script root, path, query string) and the
  request's Accept-Encoding; the values of every other header the response varies on must be
  equal too (a shared cache's rule);
- never a response that sets a cookie or says `private` or `no-store`;
- an entry lives at most `FEED_REPLAY_SECONDS` (default 60; 0 turns replaying off) and, for a
  feed whose window moves with the date, not past midnight in Berlin;
- a missing body file (pruned, other host's directory emptied) or a database error hands the
  request to Flask, which fills the file or answers 503.

Headers are never written here: a replay sends Flask's own headers, with the Content-Length
of the body file (named by its hash: the same bytes).
"""

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cachetools import LRUCache
from flask import Flask, request
from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wsgi import FileWrapper

from actiondays.services.feeds import (
    FeedSnapshot,
    body_directory,
    body_path,
    feed_validators,
    serves_unchanged,
)
from actiondays.web.public.http import READ_UP_TO

#: The view's offer for this request (environ key).
OFFER = "actiondays.feed_replay"
#: The validators this layer read before handing the request to Flask (environ key).
CHECKED = "actiondays.feed_validators"
#: Requests with any of these headers always go to Flask.
_PERSONAL_OR_CONDITIONAL = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
)


@dataclass(frozen=True)
class Offer:
    """A view's statement that its 200 may be replayed while the feed is unchanged."""

    snapshot: FeedSnapshot
    identity: Path
    packed: Path
    until: float


@dataclass(frozen=True)
class Entry:
    feed_key: str
    content_hash: str
    body: Path
    status: str
    headers: tuple[tuple[str, str], ...]
    varies: tuple[tuple[str, str | None], ...]
    until: float


def offer(snapshot: FeedSnapshot, until: datetime | None = None) -> None:
    """Let the replay layer answer this address again while `snapshot` is the feed's current
    body (and, for a feed whose window moves with the date, before `until`)."""
    if snapshot.key is None:
        return
    directory = body_directory()
    request.environ[OFFER] = Offer(
        snapshot,
        body_path(snapshot.content_hash, compressed=False, directory=directory),
        body_path(snapshot.content_hash, compressed=True, directory=directory),
        until.timestamp() if until is not None else float("inf"),
    )


def checked() -> tuple | None:
    """(feed key, validators row) this layer read for the request, if it did (current_feed)."""
    return request.environ.get(CHECKED)


def _request_key(environ: dict) -> tuple | None:
    if environ.get("REQUEST_METHOD") != "GET" or any(
        name in environ for name in _PERSONAL_OR_CONDITIONAL
    ):
        return None
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}",
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT_ENCODING", ""),
    )


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    """All values of a response header, comma-joined (None when it is absent)."""
    name = name.lower()
    values = [value for key, value in headers if key.lower() == name]
    return ", ".join(values) if values else None


def _varies(headers: list[tuple[str, str]], environ: dict) -> tuple | None:
    """The request's values of the headers the response varies on; None for `Vary: *`."""
    names = [n.strip() for n in (_header(headers, "Vary") or "").split(",") if n.strip()]
    if "*" in names:
        return None
    keys = sorted({"HTTP_" + n.upper().replace("-", "_") for n in names})
    return tuple((key, environ.get(key)) for key in keys)


def _entry(offered: Offer, status: str, headers: list[tuple[str, str]], environ: dict, ttl: int):
    """The entry for Flask's response, or None when it must not be replayed."""
    cache_control = (_header(headers, "Cache-Control") or "").lower()
    compressed = (_header(headers, "Content-Encoding") or "").lower() == "gzip"
    snapshot = offered.snapshot
    etag = f'"{snapshot.content_hash}-gzip"' if compressed else f'"{snapshot.content_hash}"'
    varies = _varies(headers, environ)
    if (
        not status.startswith("200 ")
        or _header(headers, "Set-Cookie") is not None
        or "private" in cache_control
        or "no-store" in cache_control
        or _header(headers, "ETag") != etag
        or varies is None
    ):
        return None
    return Entry(
        feed_key=snapshot.key,
        content_hash=snapshot.content_hash,
        body=offered.packed if compressed else offered.identity,
        status=status,
        headers=tuple((k, v) for k, v in headers if k.lower() != "content-length"),
        varies=varies,
        until=min(offered.until, time.time() + ttl),
    )


class FeedReplay:
    """WSGI middleware around the Flask app (installed by create_app, inside ProxyFix)."""

    def __init__(self, app: Flask, wsgi_app, size: int = 256):
        self.app = app
        self.wsgi_app = wsgi_app
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        in_memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
        # An in-memory database exists only in the app's own connection: nothing to check.
        self.ttl = 0 if in_memory else int(app.config.get("FEED_REPLAY_SECONDS", 60))
        self._entries: LRUCache[tuple, Entry] = LRUCache(maxsize=size)
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._connection: Connection | None = None
        self._connection_lock = threading.Lock()
        app.extensions["feed_replay"] = self

    def clear(self) -> None:
        """Forget every remembered response (tests; they are revalidated anyway)."""
        with self._lock:
            self._entries.clear()

    @property
    def engine(self) -> Engine:
        """This process's engine for the checks: autocommit (no BEGIN and ROLLBACK round trips
        around the one statement) and no pre-ping (a failed check hands the request to Flask,
        whose pool pings). One connection per process."""
        with self._lock:
            if self._engine is None:
                options = self.app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
                self._engine = create_engine(
                    self.app.config["SQLALCHEMY_DATABASE_URI"],
                    isolation_level="AUTOCOMMIT",
                    pool_size=1,
                    max_overflow=0,
                    connect_args=options.get("connect_args", {}),
                )
            return self._engine

    def _validators(self, key: str):
        """The feed's validators, read on this process's one connection for the checks: kept
        between requests (it never holds a transaction: autocommit), used by one thread at a
        time (a threaded server's checks queue for it; each is one short statement) and
        dropped after an error, so the next check connects again."""
        with self._connection_lock:
            if self._connection is None:
                self._connection = self.engine.connect()
            try:
                return feed_validators(self._connection, key)
            except SQLAlchemyError:
                connection, self._connection = self._connection, None
                connection.invalidate()
                raise

    def dispose(self) -> None:
        """Close the checks' connection (tests, before their database goes)."""
        with self._connection_lock:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                connection.close()
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()

    def __call__(self, environ: dict, start_response):
        key = _request_key(environ) if self.ttl > 0 else None
        if key is None:
            return self.wsgi_app(environ, start_response)
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None:
            replayed = self._replay(entry, environ, start_response)
            if replayed is not None:
                return replayed
            with self._lock:
                self._entries.pop(key, None)
        answered: list[tuple[str, list]] = []

        def remember_start(status, headers, exc_info=None):
            answered.append((status, headers))
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, remember_start)
        offered = environ.get(OFFER)
        if offered is not None and answered:
            entry = _entry(offered, *answered[-1], environ, self.ttl)
            if entry is not None:
                with self._lock:
                    self._entries[key] = entry
        return result

    def _replay(self, entry: Entry, environ: dict, start_response):
        """Flask's response again, or None when the feed (or its file) is not the same."""
        if time.time() >= entry.until or any(environ.get(k) != v for k, v in entry.varies):
            return None
        try:
            validators = self._validators(entry.feed_key)
        except SQLAlchemyError:
            return None  # Flask answers (a clean 503 if the database is gone)
        # If Flask must answer, its view starts from this row instead of reading it again.
        environ[CHECKED] = (entry.feed_key, validators)
        if not serves_unchanged(validators, entry.content_hash):
            return None
        try:
            file = entry.body.open("rb")
        except OSError:
            return None
        size = os.fstat(file.fileno()).st_size
        start_response(entry.status, [*entry.headers, ("Content-Length", str(size))])
        if size <= READ_UP_TO:
            with file:
                return [file.read()]
        return environ.get("wsgi.file_wrapper", FileWrapper)(file, 64 * 1024)
