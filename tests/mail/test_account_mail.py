"""Account mail over HTTP: password reset (same answer for unknown addresses, 1 hour, once),
invitations, email change, account decisions, notification settings and one-click
unsubscribe; invalid tokens get a German 400 page, unknown unsubscribe tokens 404."""

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.mail import notify, tokens
from actiondays.mail.outbox import settings_for
from actiondays.models import AuditEntry, MailSettings, OutboxMail, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token, html, region, sign_in, text_of
from tests.mail.conftest import deliver, link, parts, subject

NEW_PASSWORD = "ein-neues-langes-passwort"


def _forgot(client, email):
    page = client.get("/password/forgot")
    return client.post("/password/forgot", data={"csrf_token": csrf_token(page), "email": email})


def _timed_forgot(client, email) -> float:
    started = time.perf_counter()
    _forgot(client, email)
    return time.perf_counter() - started


def test_reset_request_answers_the_same_for_known_and_unknown_addresses(
    app, client, make_user, smtp
):
    user = make_user()
    known = _forgot(client, user.email)
    unknown = _forgot(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    notice = text_of(html(client.get("/login")).select_one(".flashes"))
    assert "Wenn zu dieser Adresse ein aktives Konto besteht" in notice
    deliver()
    assert [m["To"].split("<")[-1].rstrip(">") for m in smtp.messages] == [user.email]


def test_reset_request_takes_about_the_same_time_for_unknown_addresses(app, client, make_user):
    user = make_user()
    _forgot(client, user.email)  # warm up templates and caches
    _forgot(client, "niemand@example.org")
    known, unknown = [], []
    for _ in range(3):
        known.append(_timed_forgot(client, user.email))
        unknown.append(_timed_forgot(client, "niemand@example.org"))
    known_median, unknown_median = sorted(known)[1], sorted(unknown)[1]
    # Both branches hash one password and render one mail; only the known one adds a row.
    assert abs(known_median - unknown_median) < 0.5 * max(known_median, unknown_median) + 0.1


def test_reset_link_expires_after_one_hour(app, client, make_user, monkeypatch):
    user = make_user()
    fresh = tokens.password_token("reset", user)
    assert client.get(f"/password/reset/{fresh}").status_code == 200
    issued = int(time.time() - timedelta(hours=1, minutes=1).total_seconds())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: issued)
    old = tokens.password_token("reset", user)
    monkeypatch.undo()
    expired = client.get(f"/password/reset/{old}")
    assert expired.status_code == 400
    page = html(expired)
    assert "nicht gültig" in text_of(page.select_one("h1"))
    assert page.select_one("a[href='/password/forgot']") is not None


def test_nul_in_a_token_path_is_refused_before_the_view(client, seeded):
    assert client.get("/password/reset/a%00b").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/password/reset/kaputt",
        "/password/reset/" + "x" * 2000,
        "/invitation/abc.def.ghi",
        "/account/confirm/nonsense",
        "/account/email/confirm/nonsense",
        "/account/confirm/%C3%28",
    ],
)
def test_invalid_tokens_get_a_german_400_page_with_a_way_forward(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 400
    page = html(response)
    assert text_of(page.select_one("h1")) == "Dieser Link ist nicht gültig"
    assert page.select_one("main a") is not None


def test_password_reset_refuses_a_short_password_and_changes_nothing(app, client, make_user, smtp):
    user = make_user()
    _forgot(client, user.email)
    deliver()
    path = link(smtp.messages[0], "/password/reset/")
    form = client.get(path)
    response = client.post(
        path, data={"csrf_token": csrf_token(form), "password": "kurz", "confirm": "kurz"}
    )
    assert response.status_code == 422
    assert "mindestens 12 Zeichen" in text_of(html(response).select_one(".error-summary"))
    assert sign_in(client, user.email).status_code == 302


def test_admin_invites_a_person_who_sets_a_password_from_the_mail(app, client, login_as, smtp):
    admin = login_as(Role.ADMIN, name="Ada Admin")
    page = client.get("/admin/invite")
    assert page.status_code == 200
    response = client.post(
        "/admin/invite",
        data={
            "csrf_token": csrf_token(page),
            "name": "Ines Eingeladen",
            "organisation": "Diakonie",
            "email": "ines@example.org",
            "role": "organiser",
            "regions": [str(region("region-hannover").id)],
        },
    )
    assert response.status_code == 302
    ines = db.session.scalars(select(User).where(User.email == "ines@example.org")).one()
    assert ines.status == "active"
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
    deliver()
    (invite,) = smtp.messages
    assert "Ada Admin" in parts(invite)[0]
    path = link(invite, "/invitation/")
    form = client.get(path)
    client.post(
        path,
        data={"csrf_token": csrf_token(form), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert sign_in(client, "ines@example.org", NEW_PASSWORD).status_code == 302
    assert client.get(path).status_code == 400  # used
    assert admin.id


def test_invite_with_a_taken_address_is_refused_and_creates_nothing(app, client, login_as):
    login_as(Role.ADMIN)
    page = client.get("/admin/invite")
    before = db.session.scalar(select(db.func.count()).select_from(User))
    response = client.post(
        "/admin/invite",
        data={
            "csrf_token": csrf_token(page),
            "name": "Doppelt",
            "email": db.session.scalars(select(User.email)).first(),
            "role": "reviewer",
        },
    )
    assert response.status_code == 422
    assert "gibt es bereits ein Konto" in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_email_change_is_confirmed_at_the_new_address_and_the_old_one_is_told(
    app, client, login_as, smtp
):
    user = login_as(Role.ORGANISER)
    old = user.email
    page = client.get("/account/email")
    response = client.post(
        "/account/email",
        data={
            "csrf_token": csrf_token(page),
            "email": "neu@example.org",
            "password": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    deliver()
    confirm = smtp.to("neu@example.org")
    notice = smtp.to(old)
    assert len(confirm) == len(notice) == 1
    assert "neu@example.org" in parts(notice[0])[0]
    db.session.expire_all()
    assert db.session.get(User, user.id).email == old  # not before confirmation
    path = link(confirm[0], "/account/email/confirm/")
    assert client.get(path).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "neu@example.org"
    assert client.get(path).status_code == 400  # once


def test_email_change_needs_the_password(app, client, login_as):
    login_as(Role.ORGANISER)
    page = client.get("/account/email")
    response = client.post(
        "/account/email",
        data={"csrf_token": csrf_token(page), "email": "neu@example.org", "password": "falsch"},
    )
    assert response.status_code == 422
    assert "Passwort ist nicht korrekt" in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_password_change_sends_a_notice(app, client, login_as, smtp):
    user = login_as(Role.ORGANISER)
    page = client.get("/account/password")
    client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page),
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    deliver()
    (notice,) = smtp.to(user.email)
    assert subject(notice) == "Ihr Passwort wurde geändert"


def test_refused_account_request_is_told(app, client, login_as, make_user, smtp):
    pending = make_user(status="pending")
    login_as(Role.ADMIN)
    page = client.get(f"/admin/users/{pending.id}")
    client.post(
        f"/admin/users/{pending.id}/deactivate",
        data={"csrf_token": csrf_token(page), "confirm": "y"},
    )
    deliver()
    (message,) = smtp.to(pending.email)
    assert subject(message) == "Ihre Kontoanfrage wurde nicht freigegeben"


def test_notification_settings_are_saved_and_the_language_is_used(
    app, client, login_as, make_event, smtp
):
    user = login_as(Role.ORGANISER)
    page = client.get("/account/notifications")
    assert page.status_code == 200
    assert html(page).select_one("select[name=review_digest]") is None  # reviewers only
    response = client.post(
        "/account/notifications",
        data={"csrf_token": csrf_token(page), "locale": "en", "item_updates": "y"},
    )
    assert response.status_code == 302
    settings = db.session.get(MailSettings, user.id)
    assert (settings.locale, settings.item_updates, settings.reminders) == ("en", True, False)
    event = make_event(created_by=user)
    notify.item_changed(event, "publish", None)
    db.session.commit()
    deliver()
    (message,) = smtp.to(user.email)
    assert subject(message).startswith("Approved:")
    assert parts(message)[0].startswith("Dear ")


def test_one_click_unsubscribe_switches_off_that_category(app, client, make_user):
    user = make_user()
    token = settings_for(user).unsubscribe_token
    db.session.commit()
    url = f"/mail/unsubscribe/{token}/item_updates"
    page = client.get(url)
    assert page.status_code == 200
    assert db.session.get(MailSettings, user.id).item_updates is True  # GET changes nothing
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(MailSettings, user.id).item_updates is False
    assert db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action == "unsubscribe")
    ).one()


@pytest.mark.parametrize(
    "url",
    [
        "/mail/unsubscribe/unknown/item_updates",
        "/mail/unsubscribe/{token}/everything",
        "/mail/unsubscribe/" + "x" * 5000 + "/reminders",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_unsubscribe_token_or_category_is_404(app, client, make_user, url, method):
    user = make_user()
    token = settings_for(user).unsubscribe_token
    db.session.commit()
    response = getattr(client, method)(url.format(token=token))
    assert response.status_code == 404


def test_resend_confirmation_answers_the_same_for_any_address(app, client, make_user, smtp):
    pending = make_user(status="pending")
    for email in (pending.email, "niemand@example.org"):
        page = client.get("/account/confirm")
        response = client.post(
            "/account/confirm", data={"csrf_token": csrf_token(page), "email": email}
        )
        assert response.status_code == 302
    deliver()
    assert len(smtp.messages) == 1
    assert client.get(link(smtp.messages[0], "/account/confirm/")).status_code == 302
    db.session.expire_all()
    assert settings_for(db.session.get(User, pending.id)).email_confirmed_at is not None


def test_demo_data_queues_no_mail(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_unconfirmed_request_is_marked_and_cannot_be_approved(app, client, login_as, make_user):
    pending = make_user(status="pending", name="Paula Wartend")
    login_as(Role.REVIEWER)
    page = client.get("/review/accounts")
    row = html(page).select_one(f"#user-{pending.id}")
    assert "Adresse noch nicht bestätigt" in text_of(row)
    response = client.post(
        f"/review/accounts/{pending.id}/approve", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    flashes = text_of(html(client.get("/review/accounts")).select_one(".flashes"))
    assert "Paula Wartend hat die E-Mail-Adresse noch nicht bestätigt" in flashes
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == "pending"
    assert db.session.scalars(select(OutboxMail)).all() == []
