"""Account requests, approval, own password changes, admin edits and temporary passwords."""

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Role, User
from tests.conftest import (
    TEST_PASSWORD,
    confirm_address,
    csrf_token,
    html,
    region,
    sign_in,
    text_of,
)

NEW_PASSWORD = "ein-ganz-neues-passwort"


def _request(client, **overrides):
    page = client.get("/register")
    data = {
        "csrf_token": csrf_token(page),
        "name": "Petra Muster",
        "organisation": "Kinderschutzbund Hannover",
        "email": "Petra@Example.org",
        "regions": [str(region("region-hannover").id)],
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
    }
    data.update(overrides)
    return client.post("/register", data=data)


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account/password"))})


def _errors(response):
    return text_of(html(response).select_one(".error-summary"))


def test_account_request_creates_a_pending_organiser(client, seeded):
    response = _request(client)
    assert response.headers["Location"] == "/login"
    user = db.session.scalars(select(User)).one()
    assert (user.email, user.role, user.status) == ("petra@example.org", "organiser", "pending")
    assert [r.slug for r in user.regions] == ["region-hannover"]
    refused = sign_in(client, "petra@example.org")
    assert "wartet noch auf Freigabe" in _errors(refused)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"regions": []}, "Bitte wählen Sie mindestens eine Region."),
        ({"confirm": "etwas-anderes-123"}, "Die beiden Passwörter stimmen nicht überein."),
        ({"password": "kurz", "confirm": "kurz"}, "mindestens 12 Zeichen"),
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"organisation": ""}, "Bitte geben Sie Ihre Organisation an."),
    ],
)
def test_account_request_validation(client, seeded, overrides, message):
    response = _request(client, **overrides)
    assert response.status_code == 422
    assert message in _errors(response)
    assert db.session.scalars(select(User)).all() == []


def test_account_request_for_a_taken_email_reveals_nothing(client, make_user):
    existing = make_user(email="petra@example.org", name="Bestand")
    response = _request(client)
    assert response.headers["Location"] == "/login"
    assert db.session.scalars(select(User)).all() == [existing]
    assert "Ihr Antrag ist eingegangen" in text_of(
        html(client.get("/login")).select_one(".flashes")
    )


def test_reviewer_approves_and_the_organiser_signs_in(client, app, login_as, seeded):
    _request(client)
    confirm_address("petra@example.org")
    login_as(Role.REVIEWER)
    page = client.get("/review/accounts")
    pending = db.session.scalars(select(User).where(User.status == "pending")).one()
    assert html(page).select_one(f"#user-{pending.id}") is not None
    client.post(f"/review/accounts/{pending.id}/approve", data={"csrf_token": csrf_token(page)})
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == "active"
    _sign_out(client)
    assert sign_in(client, "petra@example.org").headers["Location"] == "/manage/"


def test_organisers_cannot_approve_accounts(client, login_as, make_user):
    pending = make_user(status="pending")
    login_as()
    token = csrf_token(client.get("/manage/"))
    response = client.post(f"/review/accounts/{pending.id}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, pending.id).status == "pending"


def _change(client, current, new, confirm=None):
    page = client.get("/account/password")
    data = {
        "csrf_token": csrf_token(page),
        "current_password": current,
        "new_password": new,
        "confirm": confirm or new,
    }
    return client.post("/account/password", data=data)


def test_user_changes_own_password(client, app, login_as):
    user = login_as()
    assert _change(client, TEST_PASSWORD, NEW_PASSWORD).status_code == 302
    _sign_out(client)
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302


def test_wrong_current_password_is_refused(client, login_as):
    user = login_as()
    response = _change(client, "falsch-falsch-falsch", NEW_PASSWORD)
    assert response.status_code == 422
    assert "Das aktuelle Passwort ist nicht korrekt." in _errors(response)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def _admin_post(client, path, **data):
    data["csrf_token"] = csrf_token(client.get("/admin/users"))
    return client.post(path, data=data)


def test_temporary_password_must_be_changed_at_next_sign_in(client, app, login_as, make_user):
    login_as(Role.ADMIN)
    user = make_user()
    response = _admin_post(client, f"/admin/users/{user.id}/password", password="vorlaeufig-123")
    assert response.status_code == 302
    _sign_out(client)
    other = client
    signed_in = sign_in(other, user.email, "vorlaeufig-123")
    assert signed_in.headers["Location"] == "/account/password"
    assert other.get("/manage/").headers["Location"] == "/account/password"
    assert _change(other, "vorlaeufig-123", NEW_PASSWORD).status_code == 302
    assert other.get("/manage/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).must_change_password is False


def test_admin_edits_role_and_regions(client, login_as, make_user):
    admin = login_as(Role.ADMIN)
    user = make_user()
    response = _admin_post(
        client,
        f"/admin/users/{user.id}",
        name="Neuer Name",
        organisation="Diakonie",
        role="organiser",
        regions=[str(region("landkreis-goslar").id), str(region("region-hannover").id)],
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert [r.slug for r in user.regions] == ["landkreis-goslar", "region-hannover"]
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update_account")
    ).one()
    assert entry.actor_id == admin.id


def test_admin_deactivates_an_account(client, app, login_as, make_user):
    login_as(Role.ADMIN)
    user = make_user()
    refused = _admin_post(client, f"/admin/users/{user.id}/deactivate")
    assert refused.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, user.id).status == "active"
    assert _admin_post(client, f"/admin/users/{user.id}/deactivate", confirm="y").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).status == "deactivated"
    _sign_out(client)
    assert "deaktiviert" in _errors(sign_in(client, user.email))


def test_organiser_without_region_is_refused(client, login_as, make_user):
    login_as(Role.ADMIN)
    user = make_user()
    response = _admin_post(client, f"/admin/users/{user.id}", name="X", role="organiser")
    assert response.status_code == 422
    assert "mindestens eine Region" in _errors(response)


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.REVIEWER])
def test_only_admins_edit_accounts(client, login_as, make_user, role):
    login_as(role)
    user = make_user()
    token = csrf_token(client.get("/manage/"))
    response = client.post(f"/admin/users/{user.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, user.id).status == "active"


@pytest.mark.parametrize("path", ["/admin/users", "/review/accounts"])
def test_account_lists_query_count_does_not_grow(client, login_as, make_user, count_queries, path):
    login_as(Role.ADMIN)
    for _ in range(2):
        make_user(status="pending")
    with count_queries() as few:
        assert client.get(path).status_code == 200
    for _ in range(6):
        make_user(status="pending", regions=("region-hannover", "landkreis-goslar"))
    with count_queries() as many:
        client.get(path)
    assert many.count == few.count


def test_register_offers_regions_as_grouped_checkboxes(client, seeded):
    page = html(client.get("/register"))
    groups = page.select("fieldset.region-groups details.region-group")
    labels = [text_of(group.summary) for group in groups]
    assert labels[0].startswith("Kreisfreie Städte")
    assert any(label.startswith("Landkreise") for label in labels)
    boxes = page.select("fieldset.region-groups input[type=checkbox][name=regions]")
    assert len(boxes) == 45  # the districts and cities that exist today
    assert page.select_one("select[name=regions]") is None
