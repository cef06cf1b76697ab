"""Each working area checks the role before every request; sign-in lands in one's own area."""

import pytest

from actiondays.extensions import db
from actiondays.models import AccountStatus, Role
from tests.conftest import html, sign_in, text_of

AREAS = ["/manage/", "/review/", "/admin/", "/admin/users", "/review/accounts"]


@pytest.mark.parametrize("path", AREAS)
def test_anonymous_visitors_are_sent_to_sign_in(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.ORGANISER, "/manage/", 200),
        (Role.ORGANISER, "/review/", 403),
        (Role.ORGANISER, "/review/accounts", 403),
        (Role.ORGANISER, "/admin/", 403),
        (Role.REVIEWER, "/manage/", 200),
        (Role.REVIEWER, "/review/", 200),
        (Role.REVIEWER, "/review/accounts", 200),
        (Role.REVIEWER, "/admin/", 403),
        (Role.REVIEWER, "/admin/users", 403),
        (Role.ADMIN, "/review/", 200),
        (Role.ADMIN, "/admin/", 200),
        (Role.ADMIN, "/admin/users", 200),
    ],
)
def test_roles_reach_only_their_areas(client, login_as, role, path, status):
    login_as(role)
    response = client.get(path)
    assert response.status_code == status
    if status == 403:
        assert "Zugriff verweigert" in text_of(html(response).select_one("h1"))


@pytest.mark.parametrize(
    ("role", "home"),
    [(Role.ORGANISER, "/manage/"), (Role.REVIEWER, "/review/"), (Role.ADMIN, "/admin/")],
)
def test_sign_in_lands_in_the_users_area(client, make_user, role, home):
    user = make_user(role)
    response = sign_in(client, user.email)
    assert response.headers["Location"] == home


def test_deactivated_session_loses_access_at_once(client, login_as):
    user = login_as(Role.REVIEWER)
    user.status = AccountStatus.DEACTIVATED.value
    db.session.commit()
    response = client.get("/review/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("status", ["pending", "deactivated"])
def test_inactive_accounts_cannot_reach_manage(client, make_user, status):
    user = make_user(status=status)
    assert sign_in(client, user.email).status_code == 422
    assert client.get("/manage/").status_code == 302
