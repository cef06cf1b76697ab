"""The admin area that runs a campaign: dashboard, legal page editor with versions, accounts,
regions and mergers, and the campaign's public settings."""

from datetime import date

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Campaign, RegionMerger, Role, SitePage, User
from actiondays.services.retrospective_figures import compute_figures
from tests.conftest import campaign, csrf_token, html, region, text_of


def _post(client, path, page="/admin/", **data):
    data["csrf_token"] = csrf_token(client.get(page))
    return client.post(path, data=data)


def test_dashboard_counts_what_waits(client, login_as, make_user, make_event, count_queries):
    make_user(Role.ORGANISER, status="pending")
    make_event(status="submitted")
    login_as(Role.ADMIN)
    with count_queries() as counter:
        response = client.get("/admin/")
    assert response.status_code == 200
    waiting = text_of(html(response).select_one("[aria-labelledby=waiting-heading]"))
    assert "1 Kontoanfrage wartet auf Freigabe" in waiting
    assert "1 Veranstaltung wartet auf Prüfung" in waiting
    assert counter.count <= 8


def test_organisers_and_reviewers_cannot_open_the_admin_pages(client, login_as):
    login_as(Role.REVIEWER)
    for path in [
        "/admin/",
        "/admin/pages",
        "/admin/regions",
        "/admin/users/new",
        "/admin/messages",
    ]:
        assert client.get(path).status_code == 403


def _save_page(client, body, title="Impressum", **extra):
    page = client.get("/admin/pages/impressum/de")
    return client.post(
        "/admin/pages/impressum/de",
        data={"title": title, "body": body, "csrf_token": csrf_token(page), **extra},
    )


def test_admin_edits_a_legal_page_and_each_save_is_a_version(client, login_as):
    admin = login_as(Role.ADMIN, name="Ada Admin")
    assert _save_page(client, "## Betreiber\n\nLandesstelle").status_code == 302
    assert _save_page(client, "## Betreiber\n\nLandesstelle Hannover").status_code == 302
    page = db.session.scalars(select(SitePage)).one()
    assert [v.number for v in page.versions] == [2, 1]
    assert page.versions[0].created_by_id == admin.id
    public = html(client.get("/impressum"))
    assert text_of(public.select_one(".page-text h2")) == "Betreiber"
    version = html(client.get("/admin/pages/impressum/de/versions/2"))
    diff = version.select_one("pre.diff").get_text()
    assert "-Landesstelle" in diff
    assert "+Landesstelle Hannover" in diff
    assert "Ada Admin" in text_of(version.find("main"))
    assert client.get("/admin/pages/impressum/de/versions/9").status_code == 404


def test_saving_unchanged_text_adds_no_version(client, login_as):
    login_as(Role.ADMIN)
    _save_page(client, "Text")
    _save_page(client, "Text")
    assert db.session.scalar(select(func.count()).select_from(SitePage)) == 1
    assert len(db.session.scalars(select(SitePage)).one().versions) == 1


def test_preview_renders_without_saving(client, login_as):
    login_as(Role.ADMIN)
    response = _save_page(client, "**fett**", preview="1")
    assert response.status_code == 200
    assert html(response).select_one(".preview strong").get_text() == "fett"
    assert db.session.scalar(select(func.count()).select_from(SitePage)) == 0


def test_empty_legal_page_is_refused(client, login_as):
    login_as(Role.ADMIN)
    response = _save_page(client, "   \n ")
    assert response.status_code == 422
    assert "Eine Rechtsseite darf nicht leer sein." in text_of(
        html(response).select_one(".error-summary")
    )
    assert db.session.scalar(select(func.count()).select_from(SitePage)) == 0


def test_legal_page_markdown_is_sanitised(client, login_as):
    login_as(Role.ADMIN)
    body = "Hallo <script>alert(1)</script> [Klick](javascript:alert(1)) <img src=x onerror=y>"
    assert _save_page(client, body).status_code == 302
    text = html(client.get("/impressum")).select_one(".page-text")
    assert text.find("script") is None
    assert text.find("img") is None
    assert all(not a.get("href", "").startswith("javascript") for a in text.find_all("a"))
    assert all(not tag.has_attr("onerror") for tag in text.find_all(True))


def test_stale_page_edit_is_refused(client, login_as):
    login_as(Role.ADMIN)
    _save_page(client, "Erste Fassung")
    response = _save_page(client, "Meine Fassung", based_on="0")
    assert response.status_code == 409
    assert db.session.scalars(select(SitePage)).one().body == "Erste Fassung"


@pytest.mark.parametrize("path", ["/admin/pages/unbekannt/de", "/admin/pages/impressum/fr"])
def test_unknown_page_or_language_is_404(client, login_as, path):
    login_as(Role.ADMIN)
    assert client.get(path).status_code == 404


def test_admin_creates_an_account_with_a_temporary_password(client, login_as):
    login_as(Role.ADMIN)
    response = _post(
        client,
        "/admin/users/new",
        page="/admin/users/new",
        email="Pruefer@Example.org",
        name="Rita Reviewer",
        role="reviewer",
        password="vorlaeufig-123",
    )
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "pruefer@example.org")).one()
    assert (user.role, user.status, user.must_change_password) == ("reviewer", "active", True)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"email": "kein-at"}, "gültige E-Mail-Adresse"),
        ({"role": "organiser"}, "mindestens eine Region"),
        ({"password": "kurz"}, "mindestens 12 Zeichen"),
        ({"role": "kaiser"}, "Unbekannte Rolle"),
    ],
)
def test_account_creation_refuses_bad_input(client, login_as, values, message):
    login_as(Role.ADMIN)
    data = {"email": "neu@example.org", "name": "Neu", "role": "reviewer"}
    data["password"] = "vorlaeufig-123"
    data.update(values)
    response = _post(client, "/admin/users/new", page="/admin/users/new", **data)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(User).where(User.name == "Neu")) == 0


def _add_region(client, **values):
    data = {
        "ags": "03999",
        "name": "Landkreis Neuland",
        "slug": "landkreis-neuland",
        "kind": "district",
        "valid_from": "2020-11-01",
        "valid_to": "",
    }
    data.update(values)
    return _post(client, "/admin/regions", page="/admin/regions", **data)


def test_admin_adds_a_region(client, login_as):
    login_as(Role.ADMIN)
    assert _add_region(client).status_code == 302
    added = region("landkreis-neuland")
    assert (added.ags, added.kind, added.valid_from) == ("03999", "district", date(2020, 11, 1))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"ags": "3999"}, "5 Ziffern"),
        ({"ags": "03241"}, "gibt es bereits"),
        ({"slug": "Neu Land"}, "nur Kleinbuchstaben"),
        ({"kind": "bundesland"}, "Bitte wählen Sie eine Art."),
        ({"valid_to": "2019-01-01"}, "nicht vor ihrem Beginn"),
        ({"valid_from": "31.02.2020"}, "Diesen Tag gibt es nicht: 31.02.2020."),
    ],
)
def test_region_input_is_checked(client, login_as, values, message):
    login_as(Role.ADMIN)
    response = _add_region(client, **values)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert region("landkreis-neuland") is None


def _merge(client, predecessors, successor, day):
    return _post(
        client,
        "/admin/regions/mergers",
        page="/admin/regions",
        predecessors=[str(r.id) for r in predecessors],
        successor=str(successor.id) if successor else "",
        merged_on=day,
    )


def test_merger_shows_in_the_retrospective_after_it_not_before(client, login_as, make_event):
    login_as(Role.ADMIN)
    celle, uelzen = region("landkreis-celle"), region("landkreis-uelzen")
    assert (
        _add_region(
            client, ags="03363", name="Landkreis Celle-Uelzen", slug="celle-uelzen", valid_from=""
        ).status_code
        == 302
    )
    new = region("celle-uelzen")
    assert _merge(client, [celle, uelzen], new, "2014-01-01").status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(RegionMerger).where(RegionMerger.successor_id == new.id))
    assert {r.predecessor.slug for r in rows} == {"landkreis-celle", "landkreis-uelzen"}
    assert region("landkreis-celle").valid_to == date(2013, 12, 31)
    assert region("celle-uelzen").valid_from == date(2014, 1, 1)

    def slugs(year):
        return {row["slug"] for row in compute_figures(campaign(year))["by_region"]}

    assert "celle-uelzen" in slugs(2014)
    assert not {"landkreis-celle", "landkreis-uelzen"} & slugs(2014)
    assert {"landkreis-celle", "landkreis-uelzen"} <= slugs(2013)
    assert "celle-uelzen" not in slugs(2013)
    listing = text_of(html(client.get("/admin/regions")).select_one("#mergers"))
    assert "Landkreis Celle ist am 01.01.2014 in Landkreis Celle-Uelzen aufgegangen." in listing


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no_day", "Bitte geben Sie den Tag der Fusion ein."),
        ("self", "nicht ihr eigener Vorgänger"),
        ("no_predecessor", "mindestens eine Region"),
        ("gone", "bestand am Tag vor der Fusion nicht"),
        ("twice", "bereits erfasst"),
    ],
)
def test_merger_input_is_checked(client, login_as, case, message):
    login_as(Role.ADMIN)
    old, new = region("landkreis-goettingen-bis-2016"), region("landkreis-goettingen")
    celle, uelzen = region("landkreis-celle"), region("landkreis-uelzen")
    before = db.session.scalar(select(func.count()).select_from(RegionMerger))
    args = {
        "no_day": ([celle], uelzen, ""),
        "self": ([celle, uelzen], uelzen, "2020-01-01"),
        "no_predecessor": ([], uelzen, "2020-01-01"),
        "gone": ([old], uelzen, "2020-01-01"),
        "twice": ([old], new, "2016-11-01"),
    }[case]
    response = _merge(client, *args)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(RegionMerger)) == before
    db.session.expire_all()
    assert region("landkreis-celle").valid_to is None


def test_admin_ends_a_regions_validity(client, login_as):
    login_as(Role.ADMIN)
    celle = region("landkreis-celle")
    path = f"/admin/regions/{celle.id}"
    refused = _post(client, path, page=path, valid_to="")
    assert refused.status_code == 422
    assert _post(client, path, page=path, valid_to="2030-12-31").status_code == 302
    db.session.expire_all()
    assert region("landkreis-celle").valid_to == date(2030, 12, 31)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "end_validity")).one()
    assert entry.object_id == celle.id


def test_campaign_settings_cover_intro_and_announcement(client, login_as):
    login_as(Role.ADMIN)
    current = campaign(2014)
    path = f"/admin/campaigns/{current.id}"
    values = {
        "title": "Aktionstage 2014",
        "motto": "Vernetzung und Nachhaltigkeit",
        "registration_opens_on": "2014-01-01",
        "registration_closes_on": "2014-08-31",
        "action_starts_on": "2014-04-01",
        "action_ends_on": "2014-10-05",
        "intro_text": "Machen Sie **mit**!",
    }  # is_announced unticked
    assert _post(client, path, page=path, **values).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Campaign, current.id)
    assert (saved.intro_text, saved.is_announced) == ("Machen Sie **mit**!", False)
    heading = text_of(html(client.get("/")).find("h1"))
    assert heading != "Aktionstage 2014"
    assert _post(client, path, page=path, is_announced="y", **values).status_code == 302
    main = html(client.get("/")).find("main")
    assert main.select_one(".intro strong").get_text() == "mit"


def test_admin_reads_and_handles_contact_messages(client, login_as):
    token = csrf_token(client.get("/kontakt"))
    client.post(
        "/kontakt", data={"topic": "question", "message": "Wann ist 2015?", "csrf_token": token}
    )
    login_as(Role.ADMIN)
    page = html(client.get("/admin/messages"))
    assert "Wann ist 2015?" in text_of(page.find("main"))
    form = page.select_one("main form")
    response = client.post(
        form["action"], data={"csrf_token": csrf_token(client.get("/admin/messages"))}
    )
    assert response.status_code == 302
    assert "Erledigt am" in text_of(html(client.get("/admin/messages")).find("main"))


def test_page_list_query_count_does_not_grow_with_pages(client, login_as, count_queries):
    from actiondays.demo.portal import create_sample_pages

    create_sample_pages(login_as(Role.ADMIN))
    db.session.commit()
    with count_queries() as counter:
        page = html(client.get("/admin/pages"))
    assert "Version 1 vom" in text_of(page.find("table"))
    assert counter.count <= 4


def test_region_list_query_count_is_bounded(client, login_as, count_queries):
    login_as(Role.ADMIN)
    with count_queries() as counter:
        assert client.get("/admin/regions").status_code == 200
    assert counter.count <= 6


HUGE = "9" * 25


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/admin/regions/{HUGE}"),
        ("get", "/admin/regions/0"),
        ("post", f"/admin/messages/{HUGE}/handled"),
        ("get", f"/admin/pages/impressum/de/versions/{HUGE}"),
        ("get", "/admin/pages/impressum/de/versions/abc"),
        ("get", "/admin/pages/%00/de"),
        ("get", "/admin/users/new?x=%00"),
    ],
)
def test_malformed_admin_requests_are_client_errors(client, login_as, method, path):
    login_as(Role.ADMIN)
    response = getattr(client, method)(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


def test_merger_with_a_tampered_region_id_is_refused(client, login_as):
    login_as(Role.ADMIN)
    response = _post(
        client,
        "/admin/regions/mergers",
        page="/admin/regions",
        predecessors=["999999"],
        successor="abc",
        merged_on="2020-01-01",
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(RegionMerger)) == 2
