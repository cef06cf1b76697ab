"""Two-step sign-in (TOTP) over HTTP: codes are computed with pyotp from the secret the set-up
page shows, as an authenticator app would."""

import time

import pyotp
import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, RecoveryCode, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token, html, text_of


def _password_step(client, email, password=TEST_PASSWORD):
    page = client.get("/login")
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(page)}
    )


def _signed_in(client) -> bool:
    """Whether the client is signed in (the sign-in page sends signed-in users away)."""
    return client.get("/account/password").status_code == 200


def _post(client, url, page_url, **data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client.get(page_url))})


def _set_up(client) -> tuple[str, list[str]]:
    """Switch the second factor on through the pages; (secret, recovery codes)."""
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 200
    soup = html(page)
    assert soup.select_one("svg[role=img]") is not None  # the QR code, inline
    secret = "".join(text_of(soup.select_one("#totp-secret")).split())
    assert len(secret) >= 16
    response = client.post(
        "/account/two-factor/setup",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    codes = [text_of(c) for c in html(response).select(".recovery-codes code")]
    assert len(codes) == 10
    return secret, codes


def _message(response) -> str:
    return text_of(html(response).select_one("main") or html(response))


@pytest.fixture
def admin_with_totp(app, client, login_as):
    """An admin who switched the second factor on and signed out again."""
    user = login_as(Role.ADMIN, regions=())
    secret, codes = _set_up(client)
    _post(client, "/logout", "/account/password")
    assert not _signed_in(client)
    return user, secret, codes


def test_set_up_stores_the_shown_secret_and_only_hashes_of_the_recovery_codes(client, login_as):
    user = login_as(Role.ADMIN, regions=())
    page = client.get("/account/two-factor/setup")
    wrong = client.post(
        "/account/two-factor/setup", data={"code": "000000", "csrf_token": csrf_token(page)}
    )
    if wrong.status_code != 422:  # 000000 was, by chance, the current code
        pytest.skip("the current code happened to be 000000")
    assert "Dieser Code ist nicht korrekt" in _message(wrong)
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None

    secret, codes = _set_up(client)
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.totp_secret == secret
    hashes = set(
        db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id))
    )
    assert len(hashes) == 10
    assert not any(code in hashes or code.replace("-", "") in hashes for code in codes)
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "enable_second_factor")
    )


def test_sign_in_asks_for_the_code_and_is_no_login_before_it(client, admin_with_totp):
    user, secret, _codes = admin_with_totp
    response = _password_step(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/code")
    # Half signed in: no page of the account opens.
    assert not _signed_in(client)
    assert client.get("/admin/users").status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session

    wrong = _post(client, "/login/code", "/login/code", code="12345")
    assert wrong.status_code == 422
    assert "Dieser Code ist nicht korrekt" in _message(wrong)
    assert not _signed_in(client)

    next_code = pyotp.TOTP(secret).at(time.time() + 30)  # the set-up used the current one
    response = _post(client, "/login/code", "/login/code", code=next_code)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/")
    assert _signed_in(client)


def test_a_used_code_is_refused_again(app, client, admin_with_totp):
    user, secret, _codes = admin_with_totp
    code = pyotp.TOTP(secret).at(time.time() + 30)
    _password_step(client, user.email)
    assert _post(client, "/login/code", "/login/code", code=code).status_code == 302

    other = app.test_client()
    _password_step(other, user.email)
    replay = _post(other, "/login/code", "/login/code", code=code)
    assert replay.status_code == 422
    assert "wurde schon verwendet" in _message(replay)
    assert not _signed_in(other)
    # The code of the set-up itself (an earlier step) is refused too.
    earlier = _post(other, "/login/code", "/login/code", code=pyotp.TOTP(secret).now())
    assert earlier.status_code == 422


def test_a_recovery_code_works_once(app, client, admin_with_totp):
    user, _secret, codes = admin_with_totp
    _password_step(client, user.email)
    page = client.get("/login/code")
    assert html(page).select_one("a[href$='/login/recovery']") is not None
    response = _post(client, "/login/recovery", "/login/recovery", code=codes[3].upper())
    assert response.status_code == 302
    assert _signed_in(client)

    other = app.test_client()
    _password_step(other, user.email)
    again = _post(other, "/login/recovery", "/login/recovery", code=codes[3])
    assert again.status_code == 422
    assert "Wiederherstellungscode ist nicht korrekt oder wurde schon verwendet" in _message(again)
    assert not _signed_in(other)
    status = client.get("/account/two-factor")
    assert "9 unbenutzte Wiederherstellungscodes" in _message(status)


def test_wrong_codes_slow_the_account_down(client, admin_with_totp):
    user, secret, _codes = admin_with_totp
    _password_step(client, user.email)
    statuses = [
        _post(client, "/login/code", "/login/code", code=f"{n:06d}x").status_code for n in range(5)
    ]
    assert statuses == [422] * 5
    blocked = _post(client, "/login/code", "/login/code", code=pyotp.TOTP(secret).now())
    assert blocked.status_code == 429
    assert "Zu viele falsche Codes" in _message(blocked)
    assert not _signed_in(client)


def test_no_code_page_without_the_password_first(client):
    response = client.get("/login/code")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def test_switching_off_needs_the_password(client, login_as):
    user = login_as(Role.ADMIN, regions=())
    _set_up(client)
    wrong = _post(
        client,
        "/account/two-factor/disable",
        "/account/two-factor",
        **{"disable-password": "falsch-falsch-falsch", "confirm": "y"},
    )
    assert wrong.status_code == 422
    assert "Das Passwort ist nicht korrekt" in _message(wrong)
    unconfirmed = _post(
        client,
        "/account/two-factor/disable",
        "/account/two-factor",
        **{"disable-password": TEST_PASSWORD},
    )
    assert unconfirmed.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is not None

    done = _post(
        client,
        "/account/two-factor/disable",
        "/account/two-factor",
        **{"disable-password": TEST_PASSWORD, "confirm": "y"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None
    assert db.session.scalar(select(RecoveryCode.id).where(RecoveryCode.user_id == user.id)) is None
    _post(client, "/logout", "/account/password")
    assert _password_step(client, user.email).headers["Location"].endswith("/admin/")


def test_an_admin_resets_a_lost_second_factor(app, client, admin_with_totp, make_user):
    user, _secret, _codes = admin_with_totp
    other_admin = make_user(Role.ADMIN, regions=())
    admin = app.test_client()
    assert _password_step(admin, other_admin.email).status_code == 302
    page = admin.get(f"/admin/users/{user.id}")
    assert page.status_code == 200
    url = f"/admin/users/{user.id}/two-factor/reset"
    unconfirmed = admin.post(url, data={"csrf_token": csrf_token(page)})
    assert unconfirmed.status_code == 422
    response = admin.post(url, data={"csrf_token": csrf_token(page), "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret is None
    # Now the password alone signs in.
    assert _password_step(client, user.email).headers["Location"].endswith("/admin/")
    assert _signed_in(client)


def test_required_second_factor_allows_nothing_before_set_up(app, client, make_user):
    app.config["SECOND_FACTOR_REQUIRED"] = "admin,funding_officer"
    try:
        user = make_user(Role.ADMIN, regions=())
        response = _password_step(client, user.email)
        assert response.headers["Location"].endswith("/account/two-factor/setup")
        for path in ("/admin/", "/admin/users", "/manage/", "/account/sessions"):
            blocked = client.get(path)
            assert blocked.status_code == 302, path
            assert blocked.headers["Location"].endswith("/account/two-factor/setup"), path
        assert client.get("/account/two-factor/setup").status_code == 200
        _set_up(client)
        assert client.get("/admin/").status_code == 200
        # Required: it cannot be switched off.
        refused = _post(
            client,
            "/account/two-factor/disable",
            "/account/two-factor",
            **{"disable-password": TEST_PASSWORD, "confirm": "y"},
        )
        assert refused.status_code == 422
        assert "für Ihre Rolle vorgeschrieben" in _message(refused)
        # An organiser is not affected.
        organiser = make_user(Role.ORGANISER)
        other = app.test_client()
        assert _password_step(other, organiser.email).headers["Location"].endswith("/manage/")
    finally:
        app.config["SECOND_FACTOR_REQUIRED"] = ""


def test_pages_in_english(client, admin_with_totp):
    user, _secret, _codes = admin_with_totp
    _password_step(client, user.email)
    client.get("/language/en")
    page = client.get("/login/code")
    assert "Your password was correct" in _message(page)
    wrong = _post(client, "/login/code", "/login/code", code="1")
    assert "This code is not correct" in _message(wrong)
