"""Feed state shared by every worker: validators, cached bodies, VEVENT cache, short aliases.

A feed is identified by its normalised query. Checking it costs O(1), whatever the number of
events:

1. Database triggers bump one **data version** in the same transaction as every change to
   public data (events, their themes, themes, regions, campaigns, projects). A feed state row
   remembers the version it was last checked against; if the version has not moved, the
   stored validators are answered without reading the body (a 304 reads no body at all, a
   200 reads one body column: gzip or identity, never decompressing).
2. When the version moved, the **fingerprint** of the feed's own events (one aggregate row)
   decides whether this feed changed; if not, only the row's version is moved.
3. Otherwise the feed is rebuilt under a **single-flight lock** (a PostgreSQL advisory
   transaction lock; on SQLite the database's write lock), so eight clients asking right
   after a change cause one rebuild; the others wait and then read the winner's row.
   A rebuild serialises only the events whose VEVENT is not in the **VEVENT cache** under
   the key (writer version, feed context, sequence, last change).

Only if the bytes differ does the feed get a new ETag and a Last-Modified that is later than
every earlier one.
"""

import gzip
import hashlib
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, delete, func, insert, literal, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.ical import (
    CALENDAR_TAIL,
    WRITER_VERSION,
    FeedMeta,
    calendar_head,
    event_years,
    vevent_bytes,
)
from actiondays.models import (
    DataVersion,
    Event,
    FeedAlias,
    FeedBody,
    FeedBodyPart,
    FeedState,
    Theme,
    VEventCache,
)
from actiondays.models.associations import event_themes
from actiondays.services.listings import EVENT_ORDER

log = logging.getLogger(__name__)
#: Raise when the builder's output format changes, so every cached body is rebuilt.
FORMAT_VERSION = "2"
ALIAS_LENGTH = 10
#: Above this many uncached events the rebuild reads them by the feed's query, not by id.
_BY_ID_LIMIT = 500


#: Largest part of a stored identity body (see models.feed.FeedBody).
BODY_PART = 1024 * 1024


@dataclass(frozen=True)
class FeedSnapshot:
    """A feed's validators; its bodies are read from the database only when asked for."""

    content_hash: str
    last_modified: datetime
    key: str | None = None
    _bodies: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def body_gzip(self) -> bytes:
        if "body_gzip" not in self._bodies:
            self._bodies["body_gzip"] = db.session.scalar(
                select(FeedBody.body_gzip).where(
                    FeedBody.key == self.key, FeedBody.content_hash == self.content_hash
                )
            )
        return self._bodies["body_gzip"]

    @property
    def body_parts(self) -> list[bytes] | bytearray:
        """The stored identity body in its parts (never joined into one value), or the body
        just built (one buffer, which the response sends in chunks)."""
        if "body" not in self._bodies:
            self._bodies["body"] = db.session.scalars(
                select(FeedBodyPart.data)
                .join(FeedBody, FeedBody.key == FeedBodyPart.key)
                .where(FeedBodyPart.key == self.key, FeedBody.content_hash == self.content_hash)
                .order_by(FeedBodyPart.seq)
            ).all()
        return self._bodies["body"]

    @property
    def body(self) -> bytes:
        """The identity body as one value (small feeds, tests); large feeds use body_parts."""
        body = self._bodies.get("body")
        if body is not None and not isinstance(body, list):
            return bytes(body)
        return b"".join(self.body_parts)


def _digest(text_value: str) -> str:
    return hashlib.sha256(text_value.encode()).hexdigest()


def _compress(body: bytes) -> bytes:
    # Level 1: about four times faster than 6 on a feed, 1.5× the size; feeds repeat so much
    # that even level 1 shrinks them to a tenth, and a rebuild at 50k events stays short.
    return gzip.compress(body, compresslevel=1, mtime=0)


def current_data_version() -> int:
    """The public data version (one indexed row); recreated at 1 if someone deleted it."""
    version = db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1))
    if version is not None:
        return version
    try:
        with db.session.begin_nested():
            db.session.execute(insert(DataVersion).values(id=1, version=1))
    except IntegrityError:
        return db.session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 1
    return 1


def data_fingerprint(stmt: Select, *extra: object) -> str:
    """Hash of one aggregate row (see listings.events_fingerprint) plus any extra inputs."""
    row = db.session.execute(stmt).one()
    return _digest("|".join(str(part) for part in (FORMAT_VERSION, *row, *extra)))


def _snapshot(state: FeedState, bodies: dict | None = None) -> FeedSnapshot:
    return FeedSnapshot(state.content_hash, state.last_modified_at, state.key, bodies or {})


@contextmanager
def single_flight(key: str):
    """Hold a lock on `key` until the transaction ends, across workers and hosts.

    PostgreSQL: an advisory transaction lock per key. SQLite: the database's single write
    lock, taken by a write that changes nothing (one writer at a time anyway).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        db.session.execute(select(text("pg_advisory_xact_lock(:n)")), {"n": number})
    else:
        db.session.execute(
            update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version)
        )
    yield


def _fresh(state: FeedState | None, version: int | None, fingerprint: str | None) -> bool:
    if state is None:
        return False
    if version is not None and state.data_version == version:
        return True
    return fingerprint is not None and state.fingerprint == fingerprint


def current_feed(
    query: str,
    fingerprint: str | Callable[[], str],
    render: Callable[[], bytes],
    *,
    version: int | None = None,
) -> FeedSnapshot:
    """The feed for `query`: from its state row when the data is unchanged, else rebuilt.

    `fingerprint` may be a callable: it is then only computed when the data version moved.
    Flushes the new state; the caller commits (which releases the single-flight lock).
    """
    key = _digest(query)
    state = db.session.get(FeedState, key)
    if _fresh(state, version, None):
        return _snapshot(state)
    if callable(fingerprint):
        fingerprint = fingerprint()
    if _fresh(state, None, fingerprint):
        state.data_version = version
        return _snapshot(state)
    with single_flight(key):
        state = db.session.get(FeedState, key, populate_existing=True)
        if _fresh(state, version, fingerprint):
            # Another worker rebuilt it while this one waited for the lock.
            state.fingerprint, state.data_version = fingerprint, version
            return _snapshot(state)
        return _store(key, query, state, fingerprint, version, render())


def _store(
    key: str,
    query: str,
    state: FeedState | None,
    fingerprint: str,
    version: int | None,
    body: bytes,
) -> FeedSnapshot:
    content_hash = hashlib.sha256(body).hexdigest()
    body_gzip = _compress(body)
    bodies = {"body": body, "body_gzip": body_gzip}
    now = utcnow().replace(microsecond=0)
    # No savepoint needed: the single-flight lock keeps other writers of this row away.
    if state is None:
        state = FeedState(
            key=key,
            query=query,
            fingerprint=fingerprint,
            content_hash=content_hash,
            last_modified_at=now,
            data_version=version,
        )
        db.session.add(state)
    elif state.content_hash != content_hash:
        # HTTP dates have whole seconds: the new date must be strictly later.
        state.last_modified_at = max(now, state.last_modified_at + timedelta(seconds=1))
        state.content_hash = content_hash
        state.fingerprint, state.data_version = fingerprint, version
        log.info("feed %r changed, now %s", query, content_hash[:12])
    else:
        state.fingerprint, state.data_version = fingerprint, version
    # Compare the stored body's hash without reading the body itself.
    stored = db.session.scalar(select(FeedBody.content_hash).where(FeedBody.key == key))
    if stored != content_hash:
        values = {"content_hash": content_hash, "body_gzip": body_gzip}
        if stored is None:
            db.session.execute(insert(FeedBody).values(key=key, **values))
        else:
            db.session.execute(update(FeedBody).where(FeedBody.key == key).values(**values))
        db.session.execute(delete(FeedBodyPart).where(FeedBodyPart.key == key))
        # Slices of the body, not copies: the driver and the database see a mebibyte at a time.
        view = memoryview(body)
        db.session.execute(
            insert(FeedBodyPart),
            [
                {"key": key, "seq": seq, "data": view[start : start + BODY_PART]}
                for seq, start in enumerate(range(0, max(len(body), 1), BODY_PART))
            ],
        )
    return _snapshot(state, bodies)


# -- building a feed body from cached VEVENTs ---------------------------------------------


@dataclass(frozen=True)
class FeedBuild:
    """What a feed body is built from: its events' query, its head, the URL of an event."""

    stmt: Select
    meta: FeedMeta
    #: An event's URL is prefix + id + suffix (computed once, not per event).
    url_prefix: str
    url_suffix: str
    #: Names shown per theme; part of every cached VEVENT's key.
    theme_names: tuple[tuple[str, str], ...]
    #: Subscription feeds stay below this many bytes (None: no limit); see `_within_budget`.
    byte_budget: int | None = None
    #: Events ending on or after this day are kept first when the budget bites.
    pivot: date | None = None
    #: Description used instead of meta.description when the budget left events out.
    truncated_description: str = ""


def _context_key(build: FeedBuild) -> str:
    parts = (WRITER_VERSION, build.url_prefix, build.url_suffix, repr(build.theme_names))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _cache_key(context: str, row: Any) -> str:
    return f"{context}:{row.sequence}:{row.updated_at.timestamp():.6f}"


def _upsert_cache(rows: list[dict]) -> None:
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(VEventCache)
    stmt = stmt.on_conflict_do_update(
        index_elements=[VEventCache.event_id],
        set_={"cache_key": stmt.excluded.cache_key, "body": stmt.excluded.body},
    )
    db.session.execute(stmt, rows)


#: Events serialised, cached and released together during a rebuild.
_CHUNK_ROWS = 2000


def _missing_vevents(build: FeedBuild, missing: list[int], context: str) -> dict[int, int]:
    """Serialise the events without a valid cached VEVENT and cache them, in chunks of
    `_CHUNK_ROWS` (rows streamed, written and released), so a cold build of 50,000 events
    never holds their VEVENTs all at once. Returns each new VEVENT's length in bytes."""
    ids = build.stmt.with_only_columns(Event.id, maintain_column_froms=True).order_by(None)
    if len(missing) <= _BY_ID_LIMIT:
        ids = missing
    names = dict(build.theme_names)
    categories: dict[int, list[str]] = {}
    links = (
        select(event_themes.c.event_id, Theme.slug)
        .join(Theme, Theme.id == event_themes.c.theme_id)
        .where(event_themes.c.event_id.in_(ids))
        .order_by(event_themes.c.event_id, Theme.position, Theme.id)
    )
    for event_id, slug in db.session.execute(links):
        categories.setdefault(event_id, []).append(names.get(slug, slug))
    wanted = set(missing)
    sizes: dict[int, int] = {}
    cache_rows: list[dict] = []
    for event in db.session.execute(_vevent_source(Event.id.in_(ids))):
        if event.id in wanted:
            url = f"{build.url_prefix}{event.id}{build.url_suffix}"
            body = vevent_bytes(event, url, categories.get(event.id, ()))
            sizes[event.id] = len(body)
            cache_rows.append(
                {"event_id": event.id, "cache_key": _cache_key(context, event), "body": body}
            )
            if len(cache_rows) >= _CHUNK_ROWS:
                _upsert_cache(cache_rows)
                cache_rows = []
    _upsert_cache(cache_rows)
    return sizes


def _vevent_source(condition) -> Select:
    """The columns a VEVENT is written from, streamed in batches (server-side on PostgreSQL).
    The Markdown source is read only for rows saved before the plain text was stored."""
    columns = [c for c in Event.__table__.c if c.key != "description"]
    markdown = case((Event.description_text.is_(None), Event.description), else_=literal(""))
    return (
        select(*columns, markdown.label("description"))
        .where(condition)
        .execution_options(yield_per=_CHUNK_ROWS)
    )


def _within_budget(build: FeedBuild, rows: list[Any], sizes: list[int]) -> list[int]:
    """Indexes of the events kept under the byte budget: from the pivot day onward first
    (the nearest events), then backwards into the past, in feed order in the end."""
    head_room = 4096  # head, time zone block and tail
    budget = (build.byte_budget or 0) - head_room
    if sum(sizes) <= budget:
        return list(range(len(rows)))
    start = next(
        (i for i, row in enumerate(rows) if build.pivot and row.ends_on >= build.pivot),
        len(rows),
    )
    kept, used = [], 0
    for index in [*range(start, len(rows)), *range(start - 1, -1, -1)]:
        if used + sizes[index] > budget:
            break
        kept.append(index)
        used += sizes[index]
    return sorted(kept)


def build_feed(build: FeedBuild) -> bytearray:
    """The feed body: cached VEVENTs where valid, the rest serialised and cached now.

    Memory stays near one copy of the body: the rows read first carry no VEVENT bytes (only
    their cache keys and lengths), new VEVENTs are cached chunk by chunk, and the cached bytes
    are then streamed in feed order straight into the body."""
    context = _context_key(build)
    light = (
        build.stmt.with_only_columns(
            Event.id,
            Event.sequence,
            Event.updated_at,
            Event.starts_on,
            Event.ends_on,
            VEventCache.cache_key,
            func.length(VEventCache.body).label("size"),
            maintain_column_froms=True,
        )
        .outerjoin(VEventCache, VEventCache.event_id == Event.id)
        .order_by(None)
        .order_by(*EVENT_ORDER)
    )
    rows = db.session.execute(light).all()
    keys = {row.id: _cache_key(context, row) for row in rows}
    missing = [row.id for row in rows if row.cache_key != keys[row.id]]
    made = _missing_vevents(build, missing, context) if missing else {}
    sizes = [made.get(row.id, row.size or 0) for row in rows]
    meta = build.meta
    wanted = None
    if build.byte_budget is not None:
        kept = _within_budget(build, rows, sizes)
        if len(kept) < len(rows):
            meta = FeedMeta(**{**meta.__dict__, "description": build.truncated_description})
            rows = [rows[i] for i in kept]
            wanted = [row.id for row in rows]
    body = bytearray(calendar_head(meta, event_years(rows)))
    if rows:
        _append_vevents(build, body, keys, wanted)
    body += CALENDAR_TAIL
    return body


def _append_vevents(build: FeedBuild, body: bytearray, keys: dict[int, str], wanted) -> None:
    """Append the cached VEVENTs of the feed's events (of `wanted` ids, if given) in feed
    order, streamed from the cache. A row rewritten meanwhile for another feed context
    (another host name) is serialised again; an event that appeared meanwhile waits for the
    next rebuild."""
    stmt = (
        build.stmt.with_only_columns(
            Event.id, VEventCache.cache_key, VEventCache.body, maintain_column_froms=True
        )
        .join(VEventCache, VEventCache.event_id == Event.id)
        .order_by(None)
        .order_by(*EVENT_ORDER)
        .execution_options(yield_per=_CHUNK_ROWS)
    )
    if wanted is not None:
        stmt = stmt.where(Event.id.in_(wanted))
    for event_id, cache_key, vevent in db.session.execute(stmt):
        if cache_key == keys.get(event_id):
            body += vevent
        elif event_id in keys:
            body += _vevent_now(build, event_id)


def _vevent_now(build: FeedBuild, event_id: int) -> bytes:
    """One VEVENT serialised on the spot (not cached), for the rare row changed meanwhile."""
    names = dict(build.theme_names)
    slugs = db.session.scalars(
        select(Theme.slug)
        .join(event_themes, event_themes.c.theme_id == Theme.id)
        .where(event_themes.c.event_id == event_id)
        .order_by(Theme.position, Theme.id)
    ).all()
    event = db.session.execute(_vevent_source(Event.id == event_id)).one()
    url = f"{build.url_prefix}{event_id}{build.url_suffix}"
    return vevent_bytes(event, url, [names.get(slug, slug) for slug in slugs])


# -- aliases and pruning --------------------------------------------------------------------


def alias_code(query: str) -> str:
    """The short code of a query: derived from it, so the same filters keep the same code."""
    return hashlib.sha256(query.encode()).hexdigest()[:ALIAS_LENGTH]


def ensure_alias(query: str) -> FeedAlias:
    """The alias for a query, created on first use; flushes, the caller commits."""
    code = alias_code(query)
    alias = db.session.get(FeedAlias, code)
    if alias is None:
        alias = FeedAlias(code=code, query=query)
        try:
            with db.session.begin_nested():
                db.session.add(alias)
        except IntegrityError:
            alias = db.session.get(FeedAlias, code)
    return alias


def resolve_alias(code: str) -> str | None:
    """The query an alias stands for, or None."""
    alias = db.session.get(FeedAlias, code)
    return alias.query if alias else None


def prune_feed_states(older_than: datetime) -> int:
    """Forget feed states unchanged since `older_than`; flushes, never commits.

    Safe at any time: a pruned feed is rebuilt on its next request with the same ETag (same
    bytes) and a Last-Modified no earlier than now, so it still never moves backwards.
    """
    result = db.session.execute(delete(FeedState).where(FeedState.last_modified_at < older_than))
    db.session.execute(delete(FeedBody).where(FeedBody.key.not_in(select(FeedState.key))))
    db.session.execute(delete(FeedBodyPart).where(FeedBodyPart.key.not_in(select(FeedState.key))))
    db.session.flush()
    return result.rowcount or 0


def iter_body(body: bytes, chunk: int = 256 * 1024) -> Iterable[bytes]:
    """A stored body in chunks, for streaming large feeds to slow clients."""
    for start in range(0, len(body), chunk):
        yield body[start : start + chunk]
