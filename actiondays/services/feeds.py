"""Feed state shared by every worker: validators, cached bodies and short aliases.

A feed is identified by its normalised query. Its state row remembers the fingerprint of the
data the cached body was built from; a request whose fingerprint matches is answered from the
row without building anything. When the data changed, the body is rebuilt; only if the bytes
differ does the feed get a new ETag and a Last-Modified that is later than every earlier one.
"""

import gzip
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import FeedAlias, FeedState

log = logging.getLogger(__name__)
#: Raise when the builder's output format changes, so every cached body is rebuilt.
FORMAT_VERSION = "1"
ALIAS_LENGTH = 10


@dataclass(frozen=True)
class FeedSnapshot:
    """A feed body with its validators."""

    body_gzip: bytes
    content_hash: str
    last_modified: datetime

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.body_gzip)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _compress(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def data_fingerprint(stmt: Select, *extra: object) -> str:
    """Hash of one aggregate row (see listings.events_fingerprint) plus any extra inputs."""
    row = db.session.execute(stmt).one()
    return _digest("|".join(str(part) for part in (FORMAT_VERSION, *row, *extra)))


def _snapshot(state: FeedState) -> FeedSnapshot:
    return FeedSnapshot(state.body_gzip, state.content_hash, state.last_modified_at)


def current_feed(query: str, fingerprint: str, render: Callable[[], bytes]) -> FeedSnapshot:
    """The feed for `query`: from its state row when the data is unchanged, else rebuilt.

    Flushes the new state; the caller commits. Two workers racing on the same change both
    produce the same bytes; the loser re-reads the winner's row.
    """
    key = _digest(query)
    state = db.session.get(FeedState, key)
    if state is not None and state.fingerprint == fingerprint:
        return _snapshot(state)
    body = render()
    content_hash = hashlib.sha256(body).hexdigest()
    now = utcnow().replace(microsecond=0)
    try:
        with db.session.begin_nested():
            if state is None:
                state = FeedState(
                    key=key,
                    query=query,
                    fingerprint=fingerprint,
                    content_hash=content_hash,
                    last_modified_at=now,
                    body_gzip=_compress(body),
                )
                db.session.add(state)
            elif state.content_hash != content_hash:
                # HTTP dates have whole seconds: the new date must be strictly later.
                state.last_modified_at = max(now, state.last_modified_at + timedelta(seconds=1))
                state.content_hash = content_hash
                state.body_gzip = _compress(body)
                state.fingerprint = fingerprint
                log.info("feed %r changed, now %s", query, content_hash[:12])
            else:
                state.fingerprint = fingerprint
    except (IntegrityError, StaleDataError):
        db.session.expire_all()
        state = db.session.get(FeedState, key)
        if state is not None and state.content_hash == content_hash:
            return _snapshot(state)
        return FeedSnapshot(_compress(body), content_hash, now)
    return _snapshot(state)


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
    db.session.flush()
    return result.rowcount or 0
