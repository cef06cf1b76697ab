"""Feed state rows: one writer wins a race, Last-Modified only moves forward, aliases are stable."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from actiondays.extensions import db
from actiondays.models import FeedState
from actiondays.services.feeds import alias_code, current_feed, ensure_alias, resolve_alias
from actiondays.services.listings import feed_window_start


def test_unchanged_fingerprint_does_not_render_again(app):
    calls = []

    def render():
        calls.append(1)
        return b"BODY"

    first = current_feed("q", "fp1", render)
    db.session.commit()
    second = current_feed("q", "fp1", render)
    assert calls == [1]
    assert second == first
    assert second.body == b"BODY"


def test_new_data_with_equal_bytes_keeps_validators(app):
    first = current_feed("q", "fp1", lambda: b"SAME")
    db.session.commit()
    second = current_feed("q", "fp2", lambda: b"SAME")
    db.session.commit()
    assert second.content_hash == first.content_hash
    assert second.last_modified == first.last_modified
    assert db.session.get(FeedState, db.session.scalar(select(FeedState.key))).fingerprint == "fp2"


def test_changed_bytes_move_last_modified_forward_even_with_a_clock_behind(app):
    current_feed("q", "fp1", lambda: b"OLD")
    db.session.commit()
    future = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    db.session.execute(
        text("UPDATE feed_states SET last_modified_at = :t"), {"t": future.replace(tzinfo=None)}
    )
    db.session.commit()
    db.session.expire_all()
    changed = current_feed("q", "fp2", lambda: b"NEW")
    assert changed.last_modified == future + timedelta(seconds=1)


def test_losing_a_race_with_another_worker_reads_the_winner(app):
    current_feed("q", "fp1", lambda: b"OLD")
    db.session.commit()
    db.session.get(FeedState, db.session.scalar(select(FeedState.key)))
    # Another worker updates the row after this session has loaded it.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE feed_states SET revision = revision + 1, fingerprint = 'other'"))
    snapshot = current_feed("q", "fp2", lambda: b"NEW")
    db.session.commit()
    assert snapshot.body == b"NEW"


def test_alias_code_is_stable_and_resolves(app):
    alias = ensure_alias("region=emden&theme=bildung")
    db.session.commit()
    assert alias.code == alias_code("region=emden&theme=bildung")
    assert ensure_alias("region=emden&theme=bildung").code == alias.code
    assert resolve_alias(alias.code) == "region=emden&theme=bildung"
    assert resolve_alias("nichtda") is None


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 11, 24), date(2025, 11, 1)),
        (date(2026, 1, 1), date(2025, 1, 1)),
        (date(2026, 12, 31), date(2025, 12, 1)),
    ],
)
def test_feed_window_starts_on_the_first_of_the_month_a_year_back(today, start):
    assert feed_window_start(today) == start
