"""The JSON API /api/v1/: public data only, filters, cursors, sync with tombstones, ETag, CORS."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from jsonschema import Draft202012Validator

from actiondays.extensions import db
from actiondays.models import Event, ReviewState, Tombstone
from actiondays.services import retrospectives
from tests.conftest import campaign

PROBLEM = "application/problem+json"


def get_json(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.get_data(as_text=True))
    return response, json.loads(response.get_data(as_text=True))


def test_event_list_shows_public_events_only(client, make_event):
    shown = make_event(title="Öffentlich")
    cancelled = make_event(title="Abgesagt", status="cancelled", cancellation_reason="Regen")
    make_event(title="Entwurf", status=ReviewState.DRAFT.value)
    make_event(title="Eingereicht", status=ReviewState.SUBMITTED.value)
    _, body = get_json(client, "/api/v1/events")
    titles = {item["title"]: item for item in body["items"]}
    assert set(titles) == {"Öffentlich", "Abgesagt"}
    assert titles["Abgesagt"]["status"] == "cancelled"
    assert titles["Abgesagt"]["cancellation_reason"] == "Regen"
    assert titles["Öffentlich"]["id"] == shown.id
    assert cancelled.id
    assert body["next_cursor"] is None
    assert body["tombstones"] == []


def test_event_times_are_iso_with_berlin_offset(client, make_event):
    make_event(day=date(2013, 6, 15))
    make_event(title="Ganztägig", day=date(2013, 12, 2), all_day=True)
    _, body = get_json(client, "/api/v1/events")
    timed, all_day = body["items"]
    assert timed["starts_at"] == "2013-06-15T10:00:00+02:00"
    assert timed["ends_at"] == "2013-06-15T14:00:00+02:00"
    assert datetime.fromisoformat(timed["updated_at"]).utcoffset() == timedelta(0)
    assert all_day["is_all_day"] is True
    assert all_day["starts_at"] is None
    assert all_day["start_date"] == "2013-12-02" == all_day["end_date"]


def test_event_list_filters_like_the_page(client, make_event):
    make_event(title="Hannover Bildung")
    make_event(title="Lüneburg", region_slug="landkreis-lueneburg", themes=["gesundheit"])
    make_event(title="Anderes Jahr", day=date(2012, 6, 15))
    _, body = get_json(client, "/api/v1/events?region=landkreis-lueneburg")
    assert [i["title"] for i in body["items"]] == ["Lüneburg"]
    _, body = get_json(client, "/api/v1/events?theme=bildung&year=2013")
    assert [i["title"] for i in body["items"]] == ["Hannover Bildung"]
    _, body = get_json(client, "/api/v1/events?q=jahr")
    assert [i["title"] for i in body["items"]] == ["Anderes Jahr"]


def test_cursor_walks_every_event_once(client, make_event):
    made = {make_event(title=f"Fest {n}", day=date(2013, 6, 1 + n)).id for n in range(7)}
    seen, url = [], "/api/v1/events?limit=3"
    while url:
        _, body = get_json(client, url)
        seen += [item["id"] for item in body["items"]]
        url = body["next_cursor"] and f"/api/v1/events?limit=3&cursor={body['next_cursor']}"
    assert sorted(seen) == sorted(made)
    assert len(seen) == 7


@pytest.mark.parametrize(
    ("url", "argument"),
    [
        ("/api/v1/events?colour=blue", "colour"),
        ("/api/v1/events?cursor=not-a-cursor", "cursor"),
        ("/api/v1/events?cursor=WyJpZCIsIC0xXQ", "cursor"),
        ("/api/v1/events?limit=0", "limit"),
        ("/api/v1/events?limit=101", "limit"),
        ("/api/v1/events?limit=abc", "limit"),
        ("/api/v1/events?year=99999", "year"),
        ("/api/v1/events?kind=fest", "kind"),
        ("/api/v1/events?region=nirgendwo", "region"),
        ("/api/v1/events?theme=unbekannt", "theme"),
        ("/api/v1/events?updated_since=gestern", "updated_since"),
        ("/api/v1/events?updated_since=2027-01-01T00:00:00", "updated_since"),
        ("/api/v1/projects?kind=action_day", "kind"),
        ("/api/v1/regions?valid_on=31.12.2016", "valid_on"),
        ("/api/v1/themes?x=1", "x"),
        ("/api/v1/events?limit=1&limit=2", "limit"),
        ("/api/v1/events?year=2013&year=2014", "year"),
        ("/api/v1/projects?q=a&q=b", "q"),
        ("/api/v1/regions?valid_on=2013-01-01&valid_on=2017-01-01", "valid_on"),
        ("/api/v1/events/1?cursor=abc", "cursor"),
        ("/api/v1/retrospectives/2013?year=2013", "year"),
    ],
)
def test_bad_arguments_are_a_problem_document(client, make_event, url, argument):
    make_event()
    response, body = get_json(client, url, status=400)
    assert response.mimetype == PROBLEM
    assert body["status"] == 400
    assert body["title"] == "Bad Request"
    assert argument in body["errors"], body
    assert argument in body["detail"]


def test_problem_detail_is_german_by_default(client, seeded):
    _, body = get_json(client, "/api/v1/events?limit=500", status=400)
    assert "zwischen 1 und 100" in body["detail"]


def test_unknown_resource_and_id_are_404_problems(client, seeded):
    for url in ("/api/v1/nothing", "/api/v1/events/999999", "/api/v1/retrospectives/2013"):
        response, body = get_json(client, url, status=404)
        assert response.mimetype == PROBLEM
        assert body["status"] == 404


def test_drafts_are_404_in_the_api(client, make_event):
    draft = make_event(status=ReviewState.DRAFT.value)
    get_json(client, f"/api/v1/events/{draft.id}", status=404)


def test_api_is_read_only(client, seeded):
    response = client.post("/api/v1/events", json={})
    assert response.status_code == 405
    assert response.mimetype == PROBLEM


def test_sync_sees_a_cancellation_and_a_tombstone(client, make_event, make_user):
    from actiondays.models import Role
    from actiondays.services.events import cancel_event

    event = make_event(title="Wird abgesagt")
    make_event(title="Bleibt")
    since = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
    reviewer = make_user(Role.REVIEWER)
    cancel_event(db.session.get(Event, event.id), reviewer, "Unwetter")
    db.session.commit()
    url = "/api/v1/events?updated_since=" + since.isoformat().replace("+", "%2B")
    _, body = get_json(client, url)
    changed = {item["id"]: item for item in body["items"]}
    assert changed[event.id]["status"] == "cancelled"
    assert changed[event.id]["cancellation_reason"] == "Unwetter"
    assert body["tombstones"][0]["id"] == event.id
    assert body["tombstones"][0]["reason"] == "cancelled"


def test_deleting_a_public_item_writes_a_tombstone(app, make_event):
    event = make_event()
    db.session.delete(event)
    db.session.commit()
    stone = db.session.scalars(db.select(Tombstone)).one()
    assert (stone.object_type, stone.object_id, stone.reason) == ("event", event.id, "deleted")


def test_unpublishing_a_retrospective_writes_a_tombstone(client, make_event, make_user):
    from actiondays.models import Role

    make_event()
    reviewer = make_user(Role.REVIEWER)
    retrospectives.publish(campaign(2013), reviewer)
    db.session.commit()
    _, body = get_json(client, "/api/v1/retrospectives/2013")
    assert body["year"] == 2013
    assert body["document"]["year"] == 2013
    retrospectives.unpublish(campaign(2013), reviewer)
    db.session.commit()
    stone = db.session.scalars(db.select(Tombstone)).one()
    assert (stone.object_type, stone.object_id, stone.reason) == (
        "retrospective",
        2013,
        "unpublished",
    )
    get_json(client, "/api/v1/retrospectives/2013", status=404)


def test_etag_gives_304_until_the_data_changes(client, make_event):
    event = make_event()
    first = client.get("/api/v1/events")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert again.status_code == 304
    stored = db.session.get(Event, event.id)
    stored.title = "Neuer Titel"
    db.session.commit()
    changed = client.get("/api/v1/events", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_cors_allows_get_from_anywhere_and_sets_no_cookie(client, make_event):
    make_event()
    response = client.get("/api/v1/events", headers={"Origin": "https://gemeinde.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    preflight = client.options(
        "/api/v1/events",
        headers={
            "Origin": "https://gemeinde.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


def test_regions_carry_ags_and_validity(client, seeded):
    _, body = get_json(client, "/api/v1/regions")
    by_ags = {r["ags"]: r for r in body["items"]}
    assert by_ags["03156"]["valid_to"] == "2016-10-31"
    assert by_ags["03159"]["valid_from"] == "2016-11-01"
    _, body = get_json(client, "/api/v1/regions?valid_on=2013-06-01")
    agses = {r["ags"] for r in body["items"]}
    assert "03156" in agses
    assert "03159" not in agses


def test_themes_and_campaigns(client, seeded):
    _, themes = get_json(client, "/api/v1/themes")
    assert themes["items"][0]["name_de"]
    assert themes["items"][0]["name_en"]
    _, campaigns = get_json(client, "/api/v1/campaigns")
    assert [c["year"] for c in campaigns["items"]] == [2010, 2011, 2012, 2013, 2014]


def test_projects_list_and_detail(client, make_event):
    from actiondays.models import Project
    from tests.conftest import region, theme

    project = Project(
        name="Lernpaten",
        organisation="Kinderschutzbund",
        region=region("region-hannover"),
        status="published",
        themes=[theme("bildung")],
        campaigns=[campaign(2013)],
    )
    hidden = Project(name="Geheim", organisation="X", region=region("region-hannover"))
    db.session.add_all([project, hidden])
    db.session.commit()
    _, body = get_json(client, "/api/v1/projects?year=2013")
    assert [p["name"] for p in body["items"]] == ["Lernpaten"]
    assert body["items"][0]["campaign_years"] == [2013]
    get_json(client, f"/api/v1/projects/{project.id}")
    get_json(client, f"/api/v1/projects/{hidden.id}", status=404)


def test_answers_match_the_openapi_document(client, make_event):
    """Each list answer validates against its schema in /api/v1/openapi.json (jsonschema)."""
    make_event()
    make_event(title="Ganztägig", all_day=True, status="cancelled", cancellation_reason="x")
    _, spec = get_json(client, "/api/v1/openapi.json")
    assert spec["openapi"].startswith("3.1")
    components = spec["components"]["schemas"]
    for url, name in (("/api/v1/events", "EventPage"), ("/api/v1/regions", "RegionList")):
        _, body = get_json(client, url)
        schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        Draft202012Validator(schema).validate(body)
    assert "Problem" in components


def test_event_list_runs_a_fixed_number_of_queries(client, make_event, count_queries):
    for n in range(12):
        make_event(title=f"Fest {n}", day=date(2013, 6, 1 + n))
    with count_queries() as few:
        client.get("/api/v1/events?limit=3")
    with count_queries() as many:
        client.get("/api/v1/events?limit=12&region=region-hannover&theme=bildung")
    assert few.count <= 4
    assert many.count <= few.count + 2


def test_api_docs_page_lists_every_resource(client, seeded):
    from tests.conftest import html

    response = client.get("/api/v1/")
    assert response.status_code == 200
    page = html(response)
    paths = {code.get_text() for code in page.select("h3 code")}
    for path in ("events", "events/{event_id}", "projects", "regions", "themes", "campaigns"):
        assert f"GET /api/v1/{path}" in paths
    assert page.select_one("#problems") is not None


def test_api_docs_page_speaks_german(client, seeded):
    from tests.conftest import html, text_of

    page = html(client.get("/api/v1/"))
    text = text_of(page.select_one("main"))
    assert "Veröffentlichte (und abgesagte) Veranstaltungen" in text
    assert "updated_since gleich diesem Zeitpunkt" in text
    assert "PaginationMetadata" not in text
