"""`flask feeds prune`: old feed states go, recent ones stay, feeds keep working."""

from datetime import timedelta

from sqlalchemy import func, select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import FeedState
from actiondays.services.feeds import body_path


def _states() -> int:
    return db.session.scalar(select(func.count()).select_from(FeedState))


def test_prune_removes_only_old_feed_states(client, runner, make_event):
    make_event()
    client.get("/calendar.ics?year=2013")
    client.get("/calendar.ics?year=2013&theme=bildung")
    assert _states() == 2
    old = db.session.scalars(select(FeedState)).first()
    old.last_modified_at = utcnow() - timedelta(days=400)
    db.session.commit()
    result = runner.invoke(args=["feeds", "prune", "--days", "180"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 feed states" in result.output
    assert _states() == 1


def test_prune_removes_this_hosts_files_of_pruned_bodies_and_keeps_the_others(
    client, runner, make_event
):
    make_event()
    kept = client.get("/calendar.ics?year=2013").headers["ETag"].strip('"')
    gone = client.get("/calendar.ics?year=2013&theme=bildung").headers["ETag"].strip('"')
    state = db.session.scalars(select(FeedState).where(FeedState.content_hash == gone)).one()
    state.last_modified_at = utcnow() - timedelta(days=400)
    db.session.commit()
    assert runner.invoke(args=["feeds", "prune", "--days", "180"]).exit_code == 0
    assert not body_path(gone, compressed=False).exists()
    assert body_path(kept, compressed=False).exists()


def test_pruned_feed_is_rebuilt_with_the_same_etag(client, runner, make_event):
    make_event()
    first = client.get("/calendar.ics?year=2013")
    state = db.session.scalars(select(FeedState)).one()
    state.last_modified_at = utcnow() - timedelta(days=400)
    db.session.commit()
    runner.invoke(args=["feeds", "prune", "--days", "1"])
    again = client.get("/calendar.ics?year=2013")
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.last_modified >= first.last_modified


def test_prune_refuses_a_non_positive_age(runner, seeded):
    result = runner.invoke(args=["feeds", "prune", "--days", "0"])
    assert result.exit_code == 2
