"""Sessions that really end: copied cookies and remember tokens die with sign-out, a password
change, deactivation and "sign out everywhere"."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie

import pytest

from actiondays.extensions import db
from actiondays.models import Role
from tests.conftest import TEST_PASSWORD, csrf_token, html

NEW_PASSWORD = "ein-ganz-neues-passwort-2026"


def _sign_in(client, email, remember=False):
    data = {
        "email": email,
        "password": TEST_PASSWORD,
        "csrf_token": csrf_token(client.get("/login")),
    }
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return response


def _cookie(response, name):
    for header in response.headers.getlist("Set-Cookie"):
        jar = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar[name], header
    return None, None


def _copy_of(client, app):
    """A second client holding the same cookies (the stolen or copied cookie)."""
    thief = app.test_client()
    for cookie in client._cookies.values():
        thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return thief


def _signed_in(client) -> bool:
    return client.get("/manage/").status_code == 200


def test_copied_session_cookie_is_dead_after_sign_out(app, client, make_user):
    user = make_user(Role.ORGANISER)
    _sign_in(client, user.email)
    thief = _copy_of(client, app)
    assert _signed_in(thief)
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/manage/"))})
    assert not _signed_in(client)
    assert not _signed_in(thief)


def test_remember_cookie_is_per_sign_in_bounded_and_revoked_by_sign_out(app, client, make_user):
    user = make_user(Role.ORGANISER)
    first, header = _cookie(_sign_in(client, user.email, remember=True), "remember_token")
    assert first is not None
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    expires = parsedate_to_datetime(first["expires"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
    # A device holding only the remember cookie (its session cookie expired) is signed in.
    holder = app.test_client()
    holder.set_cookie("remember_token", first.value, domain="actiondays.test")
    assert _signed_in(holder)
    other = app.test_client()
    second, _ = _cookie(_sign_in(other, user.email, remember=True), "remember_token")
    assert second.value != first.value
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/manage/"))})
    fresh = app.test_client()
    fresh.set_cookie("remember_token", first.value, domain="actiondays.test")
    assert not _signed_in(fresh)
    assert not _signed_in(other)


def test_session_is_rotated_at_sign_in(client, make_user):
    user = make_user(Role.ORGANISER)
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        before_token = session.get("csrf_token")
    _sign_in(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != before_token
        first_id = session["_user_id"]
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/manage/"))})
    _sign_in(client, user.email)
    with client.session_transaction() as session:
        assert session["_user_id"] != first_id


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, make_user):
    user = make_user(Role.ORGANISER)
    _sign_in(client, user.email)
    elsewhere = app.test_client()
    _sign_in(elsewhere, user.email)
    page = client.get("/account/password")
    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 302, html(response).get_text()[:500]
    assert _signed_in(client)
    assert not _signed_in(elsewhere)


def test_deactivation_ends_the_accounts_sessions(app, client, make_user, login_as):
    victim = make_user(Role.ORGANISER)
    victim_client = app.test_client()
    _sign_in(victim_client, victim.email)
    login_as(Role.ADMIN)
    page = client.get(f"/admin/users/{victim.id}")
    response = client.post(
        f"/admin/users/{victim.id}/deactivate",
        data={"csrf_token": csrf_token(page), "confirm": "y"},
    )
    assert response.status_code == 302
    assert not _signed_in(victim_client)


def test_sign_out_everywhere_ends_every_session(app, client, make_user):
    user = make_user(Role.ORGANISER)
    _sign_in(client, user.email)
    laptop = app.test_client()
    _sign_in(laptop, user.email)
    page = client.get("/account/sessions")
    assert page.status_code == 200
    response = client.post("/account/sessions", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(laptop)
    db.session.expire_all()
    assert user.session_generation == 1


@pytest.mark.parametrize("value", ["1", "1:0", "x:0:n", "1:99:n", "99999999999:0:n", "\x00"])
def test_forged_session_user_ids_are_signed_out_visitors(client, make_user, value):
    make_user(Role.ORGANISER)
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True
    response = client.get("/manage/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_signed_in_pages_are_not_stored(client, login_as):
    login_as(Role.ORGANISER)
    response = client.get("/manage/")
    assert response.headers["Cache-Control"] == "no-store"


def test_sign_in_bookkeeping_never_conflicts_with_the_admin_form(app, client, make_user, login_as):
    target = make_user(Role.ORGANISER)
    login_as(Role.ADMIN)
    page = client.get(f"/admin/users/{target.id}")
    version = html(page).select_one("input[name=version]")["value"]
    # The account signs in (bookkeeping: last sign-in) while the admin edits it.
    _sign_in(app.test_client(), target.email)
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "csrf_token": csrf_token(page),
            "version": version,
            "name": "Neuer Name",
            "organisation": "Neue Organisation",
            "role": "organiser",
            "regions": [str(r.id) for r in target.regions],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert target.name == "Neuer Name"
    # A second save from the same (now old) form is refused with the clear message.
    stale = client.post(
        f"/admin/users/{target.id}",
        data={
            "csrf_token": csrf_token(page),
            "version": version,
            "name": "Noch ein Name",
            "organisation": "",
            "role": "organiser",
            "regions": [str(r.id) for r in target.regions],
        },
    )
    assert stale.status_code == 409
    assert "Jemand anderes hat diesen Eintrag geändert" in html(stale).get_text()
    db.session.expire_all()
    assert target.name == "Neuer Name"
