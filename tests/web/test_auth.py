"""Sign-in and sign-out through the real forms, CSRF enabled."""

import pytest

from actiondays.extensions import db
from actiondays.models import Role
from tests.conftest import TEST_PASSWORD, csrf_token, html, sign_in, text_of

WRONG = "Die E-Mail-Adresse oder das Passwort ist nicht korrekt."


def _errors(response) -> str:
    return text_of(html(response).select_one(".error-summary"))


def test_sign_in_and_out(client, make_user):
    user = make_user(Role.REVIEWER)
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    page = html(client.get("/"))
    assert page.select_one("form[action='/logout'] button")
    db.session.expire_all()
    assert user.last_login_at is not None
    logout = client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
    assert logout.status_code == 302
    assert html(client.get("/")).select_one("a[href='/login']")


@pytest.mark.parametrize("email", ["known", "unknown@example.org"])
def test_wrong_credentials_get_one_message_for_known_and_unknown_emails(client, make_user, email):
    user = make_user()
    response = sign_in(client, user.email if email == "known" else email, "falsches-passwort")
    assert response.status_code == 422
    assert WRONG in _errors(response)


@pytest.mark.parametrize(
    ("status", "message"),
    [("pending", "wartet noch auf Freigabe"), ("deactivated", "deaktiviert")],
)
def test_inactive_accounts_are_told_why(client, make_user, status, message):
    user = make_user(status=status)
    response = sign_in(client, user.email)
    assert response.status_code == 422
    assert message in _errors(response)
    assert html(client.get("/")).select_one("a[href='/login']")


def test_inactive_state_is_not_revealed_without_the_password(client, make_user):
    user = make_user(status="pending")
    response = sign_in(client, user.email, "falsches-passwort")
    assert WRONG in _errors(response)
    assert "Freigabe" not in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert html(client.get("/")).select_one("a[href='/login']")


def test_logout_needs_post_with_csrf(client, login_as):
    login_as()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert html(client.get("/")).select_one("form[action='/logout']")


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/events?year=2013", "/events?year=2013"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ],
)
def test_next_redirects_only_to_local_paths(client, make_user, next_url, expected):
    user = make_user()
    token = csrf_token(client.get("/login"))
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": "x"}, "Bitte geben Sie Ihre E-Mail-Adresse ein."),
        ({"email": "kein-at-zeichen", "password": "x"}, "gültige E-Mail-Adresse"),
        ({"email": "a@example.org", "password": ""}, "Bitte geben Sie Ihr Passwort ein."),
    ],
)
def test_login_form_validation_messages(client, seeded, data, message):
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={**data, "csrf_token": token})
    assert response.status_code == 422
    page = html(response)
    assert message in _errors(response)
    invalid = page.select("[aria-invalid=true]")
    assert invalid
    assert all(field.get("aria-describedby") for field in invalid)


def _fail_sign_ins(client, email: str, times: int) -> None:
    for _ in range(times):
        assert sign_in(client, email, "falsches-passwort").status_code == 422


def test_sign_in_slows_down_after_five_failures_even_with_the_right_password(client, make_user):
    user = make_user()
    _fail_sign_ins(client, user.email, 5)
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in _errors(response)
    assert "Bitte warten Sie 30 Sekunden" in _errors(response)
    assert html(client.get("/")).select_one("a[href='/login']")


def test_unknown_addresses_are_paused_the_same_way(client, seeded):
    _fail_sign_ins(client, "niemand@example.org", 5)
    response = sign_in(client, "niemand@example.org", "egal-welches")
    assert response.status_code == 429


def test_failures_of_another_address_do_not_count(client, make_user):
    user = make_user()
    _fail_sign_ins(client, "jemand-anderes@example.org", 5)
    assert sign_in(client, user.email).status_code == 302


def test_the_delay_doubles_with_every_failure_and_then_lets_the_owner_in(client, make_user):
    from datetime import timedelta

    from actiondays.db import utcnow
    from actiondays.models import SignInFailure
    from actiondays.services.accounts import sign_in_delay

    assert [sign_in_delay(n).total_seconds() for n in (4, 5, 6, 7, 20)] == [0, 30, 60, 120, 900]
    user = make_user()
    _fail_sign_ins(client, user.email, 5)
    for failure in db.session.scalars(db.select(SignInFailure)):
        failure.created_at = utcnow() - timedelta(seconds=31)
    db.session.commit()
    assert sign_in(client, user.email).status_code == 302


def test_successful_sign_in_clears_earlier_failures(client, make_user):
    from actiondays.models import SignInFailure

    user = make_user()
    _fail_sign_ins(client, user.email, 3)
    assert sign_in(client, user.email).status_code == 302
    assert db.session.scalars(db.select(SignInFailure)).all() == []
