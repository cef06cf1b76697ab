"""Feed state shared by every worker: validators, cached bodies, VEVENT cache, short aliases.

A feed is identified by its normalised query. Checking it costs O(1), whatever the number of
events:

1. Database triggers bump one **data version** in the same transaction as every change to
   public data (events, their themes, themes, regions, campaigns, projects). A feed state row
   remembers the version it was last checked against; if the version has not moved, the
   stored validators are answered without reading any body (a 304 reads nothing else).
2. When the version moved, the **fingerprint** of the feed's own events (one aggregate row)
   decides whether this feed changed; if not, only the row's version is moved.
3. Otherwise the feed is rebuilt under a **single-flight lock** (a PostgreSQL advisory
   transaction lock; on SQLite the database's write lock), so eight clients asking right
   after a change cause one rebuild; the others wait and then read the winner's row.
   A rebuild serialises only the events whose VEVENT in the **VEVENT cache** is not valid
   (writer version and feed context, sequence, last change: compared in SQL), then streams
   the cached VEVENTs through a hash, a gzip packer and into a file, never holding the body.

Bodies: the database stores each feed's gzip body (a tenth of the identity body), the state
shared by every host. Each host serves **body files** named by the identity body's hash from
its own directory (FEED_CACHE_DIR, default `instance/feed-cache`): the identity and gzip
files are written by the rebuild on the host that built it, and filled on any other host at
the first request from the stored gzip body (decompressed once per host, never per request).
A 200 then costs the one O(1) statement of a 304 plus sending a file (`wsgi.file_wrapper`,
sendfile under gunicorn). Files of replaced bodies are removed by the rebuild on its host and
by `flask feeds prune` (prune_feed_states) on every host. Unchanged feeds are often
answered before Flask (web/public/replay.py), after the same one statement.

Only if the bytes differ does the feed get a new ETag and a Last-Modified that is later than
every earlier one.
"""

import hashlib
import logging
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Row
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
from actiondays.local_files import AtomicFile, cache_directory, write_atomically
from actiondays.models import (
    DataVersion,
    Event,
    FeedAlias,
    FeedBody,
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


@dataclass(frozen=True)
class FeedSnapshot:
    """A feed's validators; its body files are opened (and filled) only when asked for."""

    content_hash: str
    last_modified: datetime
    key: str | None = None

    def open(self, compressed: bool) -> BinaryIO:
        """The identity or gzip body as an open file of this host, filled on a miss: from
        the stored gzip body, decompressed once per host (not per request)."""
        path = body_path(self.content_hash, compressed)
        try:
            return path.open("rb")
        except FileNotFoundError:
            pass
        packed = db.session.scalar(
            select(FeedBody.body_gzip).where(
                FeedBody.key == self.key, FeedBody.content_hash == self.content_hash
            )
        )
        if packed is None:
            # Pruned or rebuilt by another worker since the validators were read.
            raise FeedGone(self.key)
        write_atomically(path, [packed] if compressed else _inflate(packed))
        return path.open("rb")

    @property
    def body(self) -> bytes:
        """The identity body as one value (tests, small feeds)."""
        with self.open(compressed=False) as file:
            return file.read()


class FeedGone(LookupError):
    """The stored body of a feed changed or went between reading its state and its body."""


def _inflate(packed: bytes, chunk: int = 1024 * 1024) -> Iterable[bytes]:
    inflater = zlib.decompressobj(31)
    for start in range(0, len(packed), chunk):
        yield inflater.decompress(packed[start : start + chunk])
    yield inflater.flush()


def body_directory() -> Path:
    """This host's feed body files (FEED_CACHE_DIR, default instance/feed-cache)."""
    return cache_directory("FEED_CACHE_DIR", "feed-cache")


def body_path(content_hash: str, compressed: bool, directory: Path | None = None) -> Path:
    """Body files are named by their identity body's hash: equal names, equal bytes."""
    name = f"{content_hash}.ics.gz" if compressed else f"{content_hash}.ics"
    return (directory or body_directory()) / name


class _BodyWriter:
    """Takes a body's chunks once: hashes them, gzips them and writes the identity file."""

    def __init__(self, file: AtomicFile) -> None:
        self.file = file
        self.digest = hashlib.sha256()
        # Level 1: about four times faster than 6 on a feed, 1.5× the size; feeds repeat so
        # much that even level 1 shrinks them to a tenth. wbits 31: a gzip stream.
        self.packer = zlib.compressobj(1, zlib.DEFLATED, 31)
        self.packed: list[bytes] = []

    def write(self, chunk: bytes) -> None:
        self.digest.update(chunk)
        self.packed.append(self.packer.compress(chunk))
        self.file.write(chunk)

    def finish(self) -> tuple[str, bytes]:
        """The identity body's hash and the gzip body; the identity file is put in place."""
        self.packed.append(self.packer.flush())
        content_hash = self.digest.hexdigest()
        self.file.commit(body_path(content_hash, compressed=False))
        packed = b"".join(self.packed)
        self.packed = []
        return content_hash, packed


def _write_body(body: bytes | Iterable[bytes]) -> tuple[str, bytes]:
    """Both body files of a rebuilt feed; its hash and gzip body (for the database)."""
    with AtomicFile(body_directory()) as file:
        writer = _BodyWriter(file)
        for chunk in [body] if isinstance(body, bytes | bytearray) else body:
            writer.write(chunk)
        content_hash, packed = writer.finish()
    packed_path = body_path(content_hash, compressed=True)
    if not packed_path.exists():  # named by the hash: a file in place has these bytes
        write_atomically(packed_path, [packed])
    return content_hash, packed


def _digest(text_value: str) -> str:
    return hashlib.sha256(text_value.encode()).hexdigest()


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


def _snapshot(state: FeedState) -> FeedSnapshot:
    return FeedSnapshot(state.content_hash, state.last_modified_at, state.key)


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


#: The data version and one feed's validators in one statement (built once; Core, not ORM:
#: this runs on every feed request).
_VALIDATORS = (
    select(
        DataVersion.version,
        FeedState.content_hash,
        FeedState.last_modified_at,
        FeedState.data_version,
    )
    .select_from(DataVersion)
    .outerjoin(FeedState, FeedState.key == bindparam("key"))
    .where(DataVersion.id == 1)
)


def feed_validators(connection: Connection, key: str) -> Row | None:
    """The public data version and feed `key`'s validators, read together (one statement)."""
    return connection.execute(_VALIDATORS, {"key": key}).first()


def serves_unchanged(validators: Row | None, content_hash: str) -> bool:
    """Whether the feed still serves the body `content_hash` with no check pending (its state
    is current with the public data version)."""
    return (
        validators is not None
        and validators.content_hash == content_hash
        and validators.data_version == validators.version
    )


def current_feed(
    query: str,
    fingerprint: str | Callable[[], str],
    render: Callable[[], bytes | Iterable[bytes]],
    *,
    versioned: bool = False,
    checked: tuple[str, Row | None] | None = None,
) -> FeedSnapshot:
    """The feed for `query`: from its state row when the data is unchanged, else rebuilt.

    `versioned`: the public data version decides first (feeds of public data); one statement
    reads it together with the state's validators, so an unchanged feed costs one statement.
    `fingerprint` may be a callable: it is then only computed when the data version moved.
    `render` returns the body, or its chunks (hashed, packed and written as they come).
    `checked`: (key, row) of `feed_validators` read for this request already (the replay
    layer's check, web/public/replay.py), used instead of reading them again.
    Flushes the new state; the caller commits (which releases the single-flight lock).
    """
    key = _digest(query)
    version = None
    if versioned:
        if checked is not None and checked[0] == key:
            row = checked[1]
        else:
            row = feed_validators(db.session.connection(), key)
        version = row.version if row is not None else current_data_version()
        if row is not None and row.content_hash is not None and row.data_version == version:
            return FeedSnapshot(row.content_hash, row.last_modified_at, key)
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
    body: bytes | Iterable[bytes],
) -> FeedSnapshot:
    content_hash, body_gzip = _write_body(body)
    now = utcnow().replace(microsecond=0)
    old_hash = state.content_hash if state is not None else None
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
    if old_hash not in (None, content_hash):
        _forget_files(old_hash)
    return _snapshot(state)


def _forget_files(content_hash: str) -> None:
    """This host's files of a body no feed serves any more (other hosts: prune_feed_states)."""
    for compressed in (False, True):
        body_path(content_hash, compressed).unlink(missing_ok=True)


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


def _valid_cache(context: str):
    """The cached VEVENT of the row's event is valid: same context, sequence and last change."""
    return and_(
        VEventCache.context == context,
        VEventCache.sequence == Event.sequence,
        VEventCache.updated_at == Event.updated_at,
    )


#: The columns of a cached VEVENT, in the order the bulk writers below send them.
_CACHE_COLUMNS = ("event_id", "context", "sequence", "updated_at", "body")
#: Rows of the events read together during a rebuild; body chunk size.
_CHUNK_ROWS = 2000
_CHUNK_BYTES = 256 * 1024


def _missing_vevents(build: FeedBuild, missing: list[int], context: str) -> None:
    """Serialise the events without a valid cached VEVENT and cache them: the rows are
    streamed from one query into one bulk write, so a cold build of 50,000 events sends as
    many statements as one of 5 and never holds their VEVENTs all at once."""
    ids = build.stmt.with_only_columns(Event.id, maintain_column_froms=True).order_by(None)
    if len(missing) <= _BY_ID_LIMIT:
        ids = missing
    categories = _categories(build, event_themes.c.event_id.in_(ids))
    wanted = set(missing)

    def rows() -> Iterator[tuple]:
        for event in db.session.execute(_vevent_source(Event.id.in_(ids))):
            if event.id in wanted:
                url = f"{build.url_prefix}{event.id}{build.url_suffix}"
                body = vevent_bytes(event, url, categories.get(event.id, ()))
                yield event.id, context, event.sequence, event.updated_at, body

    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy_into_cache(connection, rows())
    else:
        _upsert_into_cache(connection, rows())


_UPSERT = (
    f"INSERT INTO vevent_cache ({', '.join(_CACHE_COLUMNS)}) {{source}} "
    "ON CONFLICT (event_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _CACHE_COLUMNS[1:])
)


def _driver_statement(connection, cursor, statement: str) -> None:
    """Announce a statement sent on the driver's cursor to the engine's listeners (logging,
    statement counts), as SQLAlchemy does for its own."""
    connection.dispatch.before_cursor_execute(connection, cursor, statement, (), None, True)


def _stamp(connection) -> Callable[[datetime], Any]:
    """An instant as the driver should bind it for `vevent_cache.updated_at` (so that it
    compares equal, in SQL, to the event's own column)."""
    column_type = VEventCache.__table__.c.updated_at.type.dialect_impl(connection.dialect)
    processor = column_type.bind_processor(connection.dialect)
    return processor or (lambda value: value)


def _upsert_into_cache(connection, rows: Iterable[tuple]) -> None:
    """SQLite: one executemany, fed by the row stream (the driver pulls rows as it goes)."""
    stamp = _stamp(connection)
    statement = _UPSERT.format(source=f"VALUES ({', '.join('?' * len(_CACHE_COLUMNS))})")
    cursor = connection.connection.cursor()
    _driver_statement(connection, cursor, statement)
    try:
        cursor.executemany(statement, ((i, c, s, stamp(u), b) for i, c, s, u, b in rows))
    finally:
        cursor.close()


def _copy_into_cache(connection, rows: Iterable[tuple]) -> None:
    """PostgreSQL: the rows are spooled to a temporary file while the events are read (the
    connection is busy with that cursor), then sent with one COPY into a temporary table and
    merged with one upsert."""
    stamp = _stamp(connection)
    with tempfile.TemporaryFile() as spool:
        for event_id, context, sequence, updated_at, body in rows:
            # COPY text format: tab-separated; bytea as \\x + hex (the backslash escaped).
            line = f"{event_id}\t{context}\t{sequence}\t{stamp(updated_at).isoformat()}\t\\\\x"
            spool.write(line.encode())
            spool.write(body.hex().encode())
            spool.write(b"\n")
        if not spool.tell():
            return
        spool.seek(0)
        connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE vevent_cache_new (event_id integer, context varchar(16), "
            "sequence integer, updated_at timestamp, body bytea) ON COMMIT DROP"
        )
        copy = f"COPY vevent_cache_new ({', '.join(_CACHE_COLUMNS)}) FROM STDIN"
        cursor = connection.connection.cursor()
        _driver_statement(connection, cursor, copy)
        with cursor.copy(copy) as stream:
            while block := spool.read(1024 * 1024):
                stream.write(block)
        cursor.close()
        connection.exec_driver_sql(
            _UPSERT.format(source=f"SELECT {', '.join(_CACHE_COLUMNS)} FROM vevent_cache_new")  # noqa: S608 - fixed names
        )
        connection.exec_driver_sql("DROP TABLE vevent_cache_new")


def _categories(build: FeedBuild, condition) -> dict[int, list[str]]:
    """Theme names (as the feed shows them) per event id, in theme order."""
    names = dict(build.theme_names)
    categories: dict[int, list[str]] = {}
    links = (
        select(event_themes.c.event_id, Theme.slug)
        .join(Theme, Theme.id == event_themes.c.theme_id)
        .where(condition)
        .order_by(event_themes.c.event_id, Theme.position, Theme.id)
    )
    for event_id, slug in db.session.execute(links):
        categories.setdefault(event_id, []).append(names.get(slug, slug))
    return categories


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


def _within_budget(build: FeedBuild, rows: list[Any]) -> list[int]:
    """Indexes of the events kept under the byte budget: from the pivot day onward first
    (the nearest events), then backwards into the past, in feed order in the end."""
    head_room = 4096  # head, time zone block and tail
    budget = (build.byte_budget or 0) - head_room
    if sum(row.size or 0 for row in rows) <= budget:
        return list(range(len(rows)))
    start = next(
        (i for i, row in enumerate(rows) if build.pivot and row.ends_on >= build.pivot),
        len(rows),
    )
    kept, used = [], 0
    for index in [*range(start, len(rows)), *range(start - 1, -1, -1)]:
        size = rows[index].size or 0
        if used + size > budget:
            break
        kept.append(index)
        used += size
    return sorted(kept)


def build_feed(build: FeedBuild) -> Iterator[bytes]:
    """The feed body in chunks: cached VEVENTs where valid, the rest serialised and cached
    first.

    Which cached VEVENTs are valid is decided in SQL, so after one change only that event's
    row comes to Python before the body is streamed; the body itself goes chunk by chunk from
    the cache to the caller (who hashes, packs and writes it), never held whole."""
    context = _context_key(build)
    base = build.stmt.order_by(None)
    missing = db.session.scalars(
        base.with_only_columns(Event.id, maintain_column_froms=True)
        .outerjoin(VEventCache, and_(VEventCache.event_id == Event.id, _valid_cache(context)))
        .where(VEventCache.event_id.is_(None))
    ).all()
    if missing:
        _missing_vevents(build, missing, context)
    meta, wanted = build.meta, None
    if build.byte_budget is None:
        first, last = db.session.execute(
            base.with_only_columns(
                func.min(Event.starts_on), func.max(Event.ends_on), maintain_column_froms=True
            )
        ).one()
        years = (first.year, last.year) if first is not None else None
    else:
        rows = db.session.execute(
            base.with_only_columns(
                Event.id,
                Event.starts_on,
                Event.ends_on,
                func.length(VEventCache.body).label("size"),
                maintain_column_froms=True,
            )
            .outerjoin(VEventCache, VEventCache.event_id == Event.id)
            .order_by(*EVENT_ORDER)
        ).all()
        kept = _within_budget(build, rows)
        if len(kept) < len(rows):
            meta = FeedMeta(**{**meta.__dict__, "description": build.truncated_description})
            rows = [rows[i] for i in kept]
            wanted = [row.id for row in rows]
        years = event_years(rows)
    return _chunks(build, context, meta, years, wanted)


def _chunks(build: FeedBuild, context: str, meta: FeedMeta, years, wanted) -> Iterator[bytes]:
    """Head, the cached VEVENTs in feed order (streamed from the cache), tail. A VEVENT made
    invalid meanwhile (another feed context, an edit) is serialised on the spot."""
    yield calendar_head(meta, years)
    stmt = (
        build.stmt.with_only_columns(
            Event.id,
            _valid_cache(context).label("valid"),
            VEventCache.body,
            maintain_column_froms=True,
        )
        .outerjoin(VEventCache, VEventCache.event_id == Event.id)
        .order_by(None)
        .order_by(*EVENT_ORDER)
        .execution_options(yield_per=_CHUNK_ROWS)
    )
    if wanted is not None:
        stmt = stmt.where(Event.id.in_(wanted))
    buffer = bytearray()
    for event_id, valid, vevent in db.session.execute(stmt):
        buffer += vevent if valid else _vevent_now(build, event_id)
        if len(buffer) >= _CHUNK_BYTES:
            yield buffer
            buffer = bytearray()
    buffer += CALENDAR_TAIL
    yield buffer


def _vevent_now(build: FeedBuild, event_id: int) -> bytes:
    """One VEVENT serialised on the spot (not cached), for the rare row changed meanwhile."""
    categories = _categories(build, event_themes.c.event_id == event_id)
    event = db.session.execute(_vevent_source(Event.id == event_id)).one()
    url = f"{build.url_prefix}{event_id}{build.url_suffix}"
    return vevent_bytes(event, url, categories.get(event_id, ()))


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
    db.session.flush()
    _prune_files(set(db.session.scalars(select(FeedBody.content_hash))))
    return result.rowcount or 0


def _prune_files(kept: set[str], stale_after: timedelta = timedelta(hours=1)) -> None:
    """Remove this host's body files of bodies no longer stored, and stale temp files."""
    cutoff = utcnow().timestamp() - stale_after.total_seconds()
    for path in body_directory().iterdir():
        name = path.name.split(".", 1)[0]
        if path.suffix == ".tmp":
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        elif name not in kept:
            path.unlink(missing_ok=True)
