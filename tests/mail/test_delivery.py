"""Delivery that loses nothing and sends nothing twice: the outbox commits with the change,
a refusing server delays but never drops a mail, failures end up on /admin/mail, two workers
never send the same row, headers cannot be injected."""

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.mail.delivery import MAX_ATTEMPTS, claim, deliver_due, send_claimed
from actiondays.models import OutboxMail, Role
from tests.conftest import csrf_token, html, text_of
from tests.mail.conftest import deliver, parts, subject


def _queue_resets(users) -> None:
    for user in users:
        notify.password_reset_requested(user)
    db.session.commit()


def _statuses() -> list[str]:
    return list(db.session.scalars(select(OutboxMail.status).order_by(OutboxMail.id)))


def test_no_mail_is_queued_for_a_change_that_was_rolled_back(app, make_user):
    user = make_user()
    notify.password_reset_requested(user)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_refusing_then_accepting_server_delivers_every_mail_exactly_once(app, make_user, smtp):
    users = [make_user() for _ in range(3)]
    _queue_resets(users)
    smtp.refuse = 2  # the first two deliveries are refused with 451
    now = utcnow()
    assert deliver(now) == (1, 2)
    assert sorted(_statuses()) == ["queued", "queued", "sent"]
    assert deliver(now) == (0, 0)  # not due yet: backoff
    assert deliver(now + timedelta(minutes=2)) == (2, 0)
    assert deliver(now + timedelta(hours=3)) == (0, 0)
    received = sorted(m["To"] for m in smtp.messages)
    assert len(received) == 3
    assert sorted(u.email for u in users) == sorted(r.split("<")[1].rstrip(">") for r in received)
    assert len({m["Message-ID"] for m in smtp.messages}) == 3
    assert _statuses() == ["sent", "sent", "sent"]


def test_a_mail_the_server_never_accepts_is_failed_and_can_be_resent(
    app, client, make_user, login_as, smtp
):
    user = make_user()
    _queue_resets([user])
    smtp.refuse = MAX_ATTEMPTS
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS):
        deliver(now + timedelta(hours=3 * attempt))
    row = db.session.scalars(select(OutboxMail)).one()
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert "451" in row.last_error
    login_as(Role.ADMIN)
    page = client.get("/admin/mail?status=failed")
    assert page.status_code == 200
    cells = [text_of(td) for td in html(page).select(f"#mail-{row.id} td")]
    assert cells[1] == user.email
    assert "fehlgeschlagen" in cells[3]
    response = client.post(f"/admin/mail/{row.id}/resend", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    deliver()
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Message-ID"] == row.message_id
    db.session.expire_all()
    assert db.session.get(OutboxMail, row.id).status == "sent"


def test_crash_after_claim_is_reclaimed_after_the_lease_with_the_same_message_id(
    app, make_user, smtp
):
    _queue_resets([make_user()])
    now = utcnow()
    assert claim(now) != []  # a worker claimed it and died before sending
    assert deliver(now + timedelta(minutes=5)) == (0, 0)  # still within its lease
    assert deliver(now + timedelta(minutes=20)) == (1, 0)
    row = db.session.scalars(select(OutboxMail)).one()
    assert smtp.messages[0]["Message-ID"] == row.message_id


def test_line_breaks_in_a_name_cannot_inject_headers(app, make_user, smtp):
    user = make_user(name="Eve\r\nBcc: victim@example.org\r\nX-Evil: 1")
    _queue_resets([user])
    deliver()
    (message,) = smtp.messages
    assert message["Bcc"] is None
    assert message["X-Evil"] is None
    assert "victim@example.org" not in message["To"].split("<")[1]
    assert parts(message)[0].startswith("Guten Tag Eve")


def test_subject_with_line_breaks_stays_one_header(app, make_user, make_event, smtp):
    owner = make_user()
    event = make_event(
        title="Fest\r\nBcc: victim@example.org",
        created_by=owner,
        status="rejected",
        rejection_reason="Bitte prüfen.",
    )
    notify.item_changed(event, "reject", None)
    db.session.commit()
    deliver()
    (message,) = smtp.messages
    assert message["Bcc"] is None
    assert "Bcc: victim@example.org" in subject(message)


def test_file_backend_writes_the_mail_under_instance_mail(app, make_user, tmp_path):
    saved = app.config["MAIL_BACKEND"], app.config["MAIL_FILE_PATH"]
    app.config.update(MAIL_BACKEND="file", MAIL_FILE_PATH=str(tmp_path))
    try:
        _queue_resets([make_user()])
        assert deliver() == (1, 0)
    finally:
        app.config["MAIL_BACKEND"], app.config["MAIL_FILE_PATH"] = saved
    (written,) = list(tmp_path.iterdir())
    assert "Zurücksetzen" in written.read_text() or "Subject:" in written.read_text()


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="FOR UPDATE SKIP LOCKED between concurrent workers needs PostgreSQL; SQLite "
    "serialises writers, so two workers cannot overlap there",
)
def test_two_workers_on_postgresql_never_send_the_same_mail(app, make_user, smtp):
    users = [make_user() for _ in range(3)]
    for _ in range(10):
        _queue_resets(users)
    flask_app = app._get_current_object() if hasattr(app, "_get_current_object") else app
    barrier = threading.Barrier(2)
    results = []

    def worker():
        with flask_app.app_context():
            barrier.wait()
            results.append(deliver_due())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(sent for sent, _failed in results) == 30
    ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == 30
    assert len(set(ids)) == 30
    assert _statuses() == ["sent"] * 30


def test_send_claimed_skips_rows_not_claimed(app, make_user, smtp):
    _queue_resets([make_user()])
    row = db.session.scalars(select(OutboxMail)).one()
    assert send_claimed([row.id]) == (0, 0)  # still queued, never claimed: not sent
    assert smtp.messages == []
