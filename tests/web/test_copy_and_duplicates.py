"""Organisers copy last year's event or project as a new draft; the web form warns of an
exact duplicate (same title, first day and region) before saving it."""

from datetime import date, timedelta

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Event, Project
from tests.conftest import campaign, csrf_token, event_form, html, region, text_of, theme


def _count(model=Event) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _post_new(client, open_campaign, **overrides):
    page = client.get("/manage/events/new")
    form_token = html(page).select_one("input[name=form_token]")["value"]
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("bildung").id])
    data.update(csrf_token=csrf_token(page), form_token=form_token, **overrides)
    return client.post("/manage/events/new", data=data)


def test_copy_as_new_prefills_the_form_with_dates_moved_to_the_open_campaign(
    client, login_as, make_event, open_campaign
):
    login_as()
    source = make_event(
        title="Spielefest 2013",
        day=date(2013, 6, 15),
        venue_street="Parkweg 1",
        themes=["gesundheit"],
    )
    page = html(client.get(f"/manage/events/{source.id}"))
    link = page.find("a", string="Als neue Veranstaltung kopieren")
    assert link["href"] == f"/manage/events/new?copy={source.id}"
    form = html(client.get(link["href"]))
    assert form.select_one("#title")["value"] == "Spielefest 2013"
    assert form.select_one("#venue_street")["value"] == "Parkweg 1"
    years = open_campaign.year - 2013
    assert form.select_one("#start_date")["value"] == f"{2013 + years}-06-15"
    assert form.select_one("#campaign_id option[selected]")["value"] == str(open_campaign.id)
    checked = form.select("input[name=themes][checked]")
    assert [box["value"] for box in checked] == [str(theme("gesundheit").id)]
    assert "Kopiert aus" in text_of(form.select_one(".copied-from"))
    assert _count() == 1  # nothing is saved before the organiser submits


def test_copy_of_another_regions_event_is_forbidden(client, login_as, make_event, open_campaign):
    login_as()
    other = make_event(region_slug="landkreis-goslar")
    assert client.get(f"/manage/events/new?copy={other.id}").status_code == 403
    assert client.get("/manage/events/new?copy=999999999999").status_code == 404


def test_copy_as_new_project_prefills_name_and_partners(client, login_as):
    login_as()
    project = Project(
        name="Lernpaten",
        organisation="Verein",
        region=region("region-hannover"),
        themes=[theme("bildung")],
        campaigns=[campaign(2013)],
        status="published",
    )
    db.session.add(project)
    db.session.commit()
    page = html(client.get(f"/manage/projects/{project.id}"))
    link = page.find("a", string="Als neues Projekt kopieren")
    form = html(client.get(link["href"]))
    assert form.select_one("#name")["value"] == "Lernpaten"
    assert _count(Project) == 1


def test_new_event_form_offers_organisers_only_open_campaigns(client, login_as, open_campaign):
    login_as()
    form = html(client.get("/manage/events/new"))
    values = [o["value"] for o in form.select("#campaign_id option") if o["value"]]
    assert values == [str(open_campaign.id)]
    assert "Pflichtfeld" in text_of(form.select_one("label[for=region_id]").parent)


def test_exact_duplicate_is_refused_until_confirmed(client, login_as, open_campaign):
    login_as()
    assert _post_new(client, open_campaign).status_code == 302
    again = _post_new(client, open_campaign)
    assert again.status_code == 422
    summary = text_of(html(again).select_one(".error-summary"))
    assert "gibt es bereits" in summary
    assert html(again).select_one("input[name=allow_duplicate]") is not None
    assert _count() == 1
    confirmed = _post_new(client, open_campaign, allow_duplicate="y")
    assert confirmed.status_code == 302
    assert _count() == 2


def test_end_day_before_first_day_is_filed_under_the_last_day(client, login_as, open_campaign):
    login_as()
    start = date.fromisoformat(event_form(open_campaign.id, None)["start_date"])
    day_before = (start - timedelta(days=1)).isoformat()
    response = _post_new(client, open_campaign, end_date=day_before)
    assert response.status_code == 422
    page = html(response)
    assert "Der letzte Tag darf nicht vor dem ersten Tag liegen" in text_of(
        page.select_one("#end_date-error")
    )
    assert page.select_one("#end_time-error") is None
