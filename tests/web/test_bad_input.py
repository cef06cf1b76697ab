"""Malformed public input gets a 4xx, never a 500, on every engine."""

import pytest

HUGE = "9" * 25

BAD_URLS = [
    f"/events/{HUGE}",
    f"/events/{HUGE}.ics",
    f"/projects/{HUGE}",
    f"/events?page={HUGE}",
    f"/events?year={HUGE}",
    "/events?year=-5",
    "/calendar?month=13",
    "/calendar?month=abc",
    f"/calendar?year={HUGE}&month=1",
    "/calendar?year=0&month=1",
    "/calendar.ics?kind=fest",
    f"/calendar.ics?year={HUGE}",
    "/calendar.ics?region=nirgendwo",
    "/f/unknown.ics",
    "/regions/unknown",
    f"/retrospectives/{HUGE}",
    f"/retrospectives/{HUGE}.pdf",
    "/retrospectives/1999",
    "/language/xx",
    "/events?q=%00",
    "/events?kind=%00",
    "/calendar.ics?q=a%00b",
    "/en/nirgendwo",
    "/kontakt?seite=%00",
    f"/account/{HUGE}/data.json",
    f"/api/v1/events/{HUGE}",
    f"/api/v1/events?limit={HUGE}",
    "/api/v1/events?cursor=%00",
    "/api/v1/events?cursor=W10",
    "/api/v1/events?updated_since=2027-13-01T00:00:00%2B01:00",
    "/api/v1/regions?valid_on=99999-01-01",
    f"/api/v1/retrospectives/{HUGE}",
    "/events.csv?year=abc",
    "/projects.xlsx?q=" + "x" * 300,
    "/embed/events?kind=fest",
    "/map?year=abc",
    f"/sitemaps/events-{HUGE}.xml",
]


# Lenient on purpose (200): an unknown page number shows page 1, unknown region slugs on the
# HTML list simply match nothing; feeds are strict and answer 400 (see the feed tests).
LENIENT_URLS = ["/events?page=abc", "/events?page=-1", "/events?region=x"]


@pytest.mark.parametrize("url", LENIENT_URLS)
def test_lenient_public_input_still_answers_200(client, make_event, url):
    make_event()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", BAD_URLS)
def test_malformed_public_request_is_a_client_error(client, make_event, url):
    make_event()
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


def test_nul_byte_in_a_form_is_refused_before_anything_is_saved(client, seeded):
    from tests.conftest import csrf_token

    token = csrf_token(client.get("/login"))
    response = client.post(
        "/login", data={"email": "a\x00@example.org", "password": "x", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "nicht erlaubt" in response.get_data(as_text=True)


# Signed-in pages of the phone and working-area issue: copy, approval step, submit all drafts.
AREA_BAD_URLS = [
    (None, f"/manage/events/new?copy={HUGE}"),
    (None, "/manage/events/new?copy=-1"),
    (None, f"/manage/projects/new?copy={HUGE}"),
    ("reviewer", f"/review/events/{HUGE}/approve"),
    ("reviewer", f"/review/projects/{HUGE}/approve"),
]


@pytest.mark.parametrize(("role", "url"), AREA_BAD_URLS)
def test_malformed_working_area_request_is_a_client_error(client, login_as, role, url):
    from actiondays.models import Role

    login_as(Role.REVIEWER if role else Role.ORGANISER)
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("confirm", ["%00", "\x00", "n", ""])
def test_submit_all_drafts_with_a_bad_confirmation_changes_nothing(
    client, login_as, make_event, confirm
):
    from tests.conftest import csrf_token

    event = make_event(status="draft")
    login_as()
    token = csrf_token(client.get("/manage/import"))
    response = client.post(
        "/manage/import/submit-drafts", data={"csrf_token": token, "confirm": confirm}
    )
    assert 400 <= response.status_code < 500
    from actiondays.extensions import db
    from actiondays.models import Event

    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "draft"
