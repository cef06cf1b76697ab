"""Reviewers' retrospective pages: access, texts, highlights, publish and unpublish."""

from datetime import date

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Retrospective, Role
from actiondays.services import retrospectives
from tests.conftest import csrf_token, html, needs_pdf, text_of
from tests.retrospectives.conftest import _campaign

EDIT = "/review/retrospectives/2012"


def _retrospective() -> Retrospective | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Retrospective).where(Retrospective.campaign_id == _campaign(2012).id)
    )


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _post(client, url: str, data: dict | None = None):
    token = csrf_token(client.get(EDIT))
    return client.post(url, data={"csrf_token": token, **(data or {})})


@pytest.mark.parametrize(
    "path", ["/review/retrospectives", EDIT, f"{EDIT}/preview", f"{EDIT}/preview.pdf"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, campaign_2012, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/review/retrospectives", EDIT, f"{EDIT}/preview"])
def test_organisers_are_refused(client, campaign_2012, login_as, path):
    login_as(Role.ORGANISER)
    assert client.get(path).status_code == 403


def test_organiser_cannot_publish(client, campaign_2012, login_as):
    login_as(Role.ORGANISER)
    token = csrf_token(client.get("/"))  # the sign-out form carries a token
    response = client.post(f"{EDIT}/publish", data={"csrf_token": token})
    assert response.status_code == 403
    assert _retrospective() is None


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_reviewers_and_admins_see_live_figures(client, campaign_2012, login_as, role):
    login_as(role)
    page = html(client.get(EDIT))
    rows = {
        text_of(tr.th): text_of(tr.td)
        for tr in page.select("section[aria-labelledby=live-figures] tr")
    }
    assert rows["Teilnehmende"] == "230"
    assert rows["Fehlende Berichte"] == "1"
    assert "Nicht veröffentlicht" in text_of(page.select_one(".retro-state"))


def test_review_index_lists_every_campaign(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = client.get("/review/retrospectives")
    rows = html(response).select("tbody tr")
    assert len(rows) == 5
    assert all(text_of(r.select("td")[0]) == "Entwurf" for r in rows)


def test_unknown_campaign_year_is_404(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    assert client.get("/review/retrospectives/1999").status_code == 404


def test_saving_texts_stores_them_and_audits(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = _post(
        client,
        f"{EDIT}/text",
        {"introduction": "Ein **starkes** Jahr.", "closing_text": "Danke!"},
    )
    assert response.status_code == 302
    retrospective = _retrospective()
    assert (retrospective.introduction, retrospective.closing_text) == (
        "Ein **starkes** Jahr.",
        "Danke!",
    )
    assert _actions() == ["retrospective.update_text"]
    page = html(client.get(response.headers["Location"]))
    assert "Die Texte wurden gespeichert." in text_of(page.select_one(".flashes"))


def test_too_long_introduction_is_refused_with_a_message(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = _post(client, f"{EDIT}/text", {"introduction": "x" * 20001})
    assert response.status_code == 422
    assert html(response).select_one("#introduction-error") is not None
    assert _retrospective() is None


def test_adding_an_event_highlight(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    events, _ = retrospectives.highlight_choices(_campaign(2012))
    response = _post(
        client,
        f"{EDIT}/highlights/event",
        {"event-event_id": str(events[0].id), "event-note": "Toll."},
    )
    assert response.status_code == 302
    (highlight,) = _retrospective().highlights
    assert (highlight.event_id, highlight.note) == (events[0].id, "Toll.")
    assert _actions() == ["retrospective.add_highlight"]


def test_event_not_held_in_the_campaign_is_refused(client, campaign_2012, login_as, make_event):
    login_as(Role.REVIEWER)
    other_year = make_event()  # 2013
    response = _post(
        client, f"{EDIT}/highlights/event", {"event-event_id": str(other_year.id), "event-note": ""}
    )
    assert response.status_code == 422
    assert html(response).select_one("#event-event_id-error") is not None
    assert _retrospective() is None


def test_adding_a_project_highlight(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    _, projects = retrospectives.highlight_choices(_campaign(2012))
    response = _post(
        client,
        f"{EDIT}/highlights/project",
        {"project-project_id": str(projects[0].id), "project-note": "Geht weiter."},
    )
    assert response.status_code == 302
    (highlight,) = _retrospective().highlights
    assert highlight.project_id == projects[0].id


def test_removing_a_highlight(client, campaign_2012, login_as):
    reviewer = login_as(Role.REVIEWER)
    _, projects = retrospectives.highlight_choices(_campaign(2012))
    highlight = retrospectives.add_highlight(
        _campaign(2012), reviewer, "", project_id=projects[0].id
    )
    db.session.commit()
    response = _post(client, f"{EDIT}/highlights/{highlight.id}/delete")
    assert response.status_code == 302
    assert _retrospective().highlights == []
    assert _actions()[-1] == "retrospective.remove_highlight"


def test_publishing_freezes_snapshot_with_time_and_publisher(client, campaign_2012, login_as):
    reviewer = login_as(Role.REVIEWER)
    response = _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    assert response.status_code == 302
    retrospective = _retrospective()
    assert retrospective.status == "published"
    assert retrospective.published_by_id == reviewer.id
    assert retrospective.published_at is not None
    assert retrospective.snapshot["figures"]["key"]["participants"] == 230
    assert _actions() == ["retrospective.publish"]
    assert client.get("/retrospectives/2012").status_code == 200


def test_republishing_is_audited_separately(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    assert _actions() == ["retrospective.publish", "retrospective.republish"]


def test_changed_data_is_flagged_until_republished(client, campaign_2012, login_as, make_event):
    login_as(Role.REVIEWER)
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    make_event(day=date(2012, 9, 1))
    assert html(client.get(EDIT)).select_one(".retro-outdated") is not None
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    assert html(client.get(EDIT)).select_one(".retro-outdated") is None


def test_unpublishing_takes_the_page_offline(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    response = _post(client, f"{EDIT}/unpublish", {"confirm": "y"})
    assert response.status_code == 302
    retrospective = _retrospective()
    assert (retrospective.status, retrospective.snapshot) == ("draft", None)
    assert _actions() == ["retrospective.publish", "retrospective.unpublish"]
    assert client.get("/retrospectives/2012").status_code == 404


def test_unpublishing_a_draft_is_refused(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = _post(client, f"{EDIT}/unpublish", {"confirm": "y"})
    assert response.status_code == 409
    assert _actions() == []


def test_publish_without_csrf_token_is_refused(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = client.post(f"{EDIT}/publish")
    assert response.status_code == 400
    assert _retrospective() is None


def test_preview_matches_the_published_page(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    _post(client, f"{EDIT}/text", {"introduction": "Vorschau-Text", "closing_text": ""})
    preview = html(client.get(f"{EDIT}/preview"))
    assert preview.select_one(".preview-banner") is not None
    _post(client, f"{EDIT}/publish", {"confirm_missing": "y"})
    public = html(client.get("/retrospectives/2012"))
    assert text_of(preview.select_one(".key-figures")) == text_of(public.select_one(".key-figures"))
    assert str(preview.select_one("#chart-map")) == str(public.select_one("#chart-map"))
    assert "Vorschau-Text" in text_of(public.select_one(".retro-intro"))


@needs_pdf
def test_preview_pdf_renders_for_reviewers(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    response = client.get(f"{EDIT}/preview.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")


def test_publishing_with_missing_reports_needs_a_confirmation(client, campaign_2012, login_as):
    login_as(Role.REVIEWER)
    page = html(client.get(EDIT))
    assert "1 durchgeführte Veranstaltung hat noch keinen Bericht" in text_of(
        page.select_one(".missing-reports")
    )
    response = _post(client, f"{EDIT}/publish")
    assert response.status_code == 422
    assert "Nicht veröffentlicht" in text_of(html(response).select_one(".flash-error"))
    assert _retrospective() is None or _retrospective().status == "draft"
    assert _actions() == []


def test_publishing_and_unpublishing_need_the_confirmation_box(client, campaign_2017, login_as):
    login_as(Role.REVIEWER)
    edit = "/review/retrospectives/2017"
    page = html(client.get(edit))
    assert page.select_one("form[action$='/publish'] input[name=confirm][required]") is not None
    token = csrf_token(client.get(edit))
    refused = client.post(f"{edit}/publish", data={"csrf_token": token})
    assert refused.status_code == 422
    assert "Es wurde nichts geändert" in text_of(html(refused).select_one(".flash-error"))
    assert client.get("/retrospectives/2017").status_code == 404
    done = client.post(f"{edit}/publish", data={"csrf_token": token, "confirm": "y"})
    assert done.status_code == 302
    assert client.get("/retrospectives/2017").status_code == 200
    page = html(client.get(edit))
    assert page.select_one("form[action$='/unpublish'] input[name=confirm][required]") is not None
    kept = client.post(f"{edit}/unpublish", data={"csrf_token": token})
    assert kept.status_code == 422
    assert client.get("/retrospectives/2017").status_code == 200


def test_live_figures_page_runs_at_most_twelve_statements(
    client, campaign_2012, make_event, make_user, login_as, count_queries
):
    """Every figure family is one grouped query: the page with live figures, a live previous
    year, projects, an ideas workshop and a stored highlight stays at twelve statements, and
    more events add none."""
    make_event(day=date(2011, 6, 1))  # the previous year is unpublished: compared live
    reviewer = make_user(role=Role.REVIEWER)
    held = retrospectives.highlight_event_page(campaign_2012, None, 1)[0][0]
    retrospectives.add_highlight(campaign_2012, reviewer, "Schön.", event_id=held.id)
    db.session.commit()
    login_as(Role.REVIEWER)
    client.get(EDIT)
    with count_queries() as few:
        assert client.get(EDIT).status_code == 200
    for number in range(20):
        make_event(title=f"N{number}", day=date(2012, 6, 2), themes=["bildung", "gesundheit"])
    client.get(EDIT)
    with count_queries() as many:
        assert client.get(EDIT).status_code == 200
    assert few.count <= 12, few.statements
    assert many.count == few.count
