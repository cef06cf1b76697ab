"""`flask purge`: deletes what the privacy statement promises to delete, and only that."""

from datetime import timedelta

from sqlalchemy import func, select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    AuditEntry,
    ContactMessage,
    Event,
    Role,
    SignInFailure,
    User,
)
from actiondays.services.users import create_user
from tests.conftest import region


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _pending(email: str, age_days: int) -> User:
    user = create_user(
        email=email,
        name="Wartend",
        role=Role.ORGANISER.value,
        password="lang-genug-123",
        regions=[region("landkreis-celle")],
        organisation="Tafel",
        status=AccountStatus.PENDING,
    )
    user.created_at = utcnow() - timedelta(days=age_days)
    return user


def test_purge_deletes_only_what_is_due(runner, seeded, make_event, make_user):
    now = utcnow()
    old = _pending("alt@example.org", 91)
    _pending("frisch@example.org", 10)
    active = make_user(Role.ORGANISER)
    active.created_at = now - timedelta(days=400)
    db.session.add_all(
        [
            SignInFailure(email="x@example.org", created_at=now - timedelta(hours=1)),
            SignInFailure(email="x@example.org", created_at=now - timedelta(minutes=1)),
            ContactMessage(
                topic="question",
                message="alt",
                sender_key="k",
                created_at=now - timedelta(days=400),
            ),
            ContactMessage(topic="question", message="neu", sender_key="k"),
        ]
    )
    event = make_event(form_token="token-1")
    event.created_at = now - timedelta(days=3)
    updated_at = event.updated_at
    db.session.commit()
    old_id = old.id

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "1 pending account request(s)" in result.output
    db.session.expire_all()
    emails = set(db.session.scalars(select(User.email)))
    assert "alt@example.org" not in emails
    assert {"frisch@example.org", active.email} <= emails
    assert _count(SignInFailure) == 1
    assert [m.message for m in db.session.scalars(select(ContactMessage))] == ["neu"]
    kept = db.session.get(Event, event.id)
    assert kept.form_token is None
    assert kept.updated_at == updated_at  # not a content change: feeds stay as they were
    assert not db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "user", AuditEntry.object_id == old_id)
    ).all()

    again = runner.invoke(args=["purge"])
    assert again.exit_code == 0
    assert "0 pending account request(s), 0 sign-in failure(s)" in again.output


def test_purge_dry_run_deletes_nothing(runner, seeded):
    _pending("alt@example.org", 120)
    db.session.commit()
    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0
    assert result.output.startswith("Due: 1 pending")
    db.session.expire_all()
    assert _count(User) == 1
