"""Conditional GET on the public event page: cheap 304s for anonymous visitors, never a
shared-cacheable page for signed-in ones."""

import pytest
from flask_babel import refresh
from sqlalchemy import text

from actiondays.extensions import db
from actiondays.models import Role
from tests.conftest import html, text_of


def test_anonymous_page_has_validator_and_public_caching(client, make_event):
    event = make_event()
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert "public" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_current_copy_gets_304_after_one_statement(client, make_event, count_queries):
    event = make_event()
    etag = client.get(f"/events/{event.id}").headers["ETag"]
    with count_queries() as counted:
        again = client.get(f"/events/{event.id}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert counted.count == 1
    assert "FROM events" not in counted.statements[0]


def test_any_change_gives_a_new_page(client, make_event):
    event = make_event()
    etag = client.get(f"/events/{event.id}").headers["ETag"]
    db.session.execute(text("UPDATE regions SET name = 'Region Hannover (neu)'"))
    db.session.commit()
    response = client.get(f"/events/{event.id}", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Region Hannover (neu)" in text_of(html(response))


def test_language_has_its_own_validator(client, make_event):
    event = make_event()
    german = client.get(f"/events/{event.id}").headers["ETag"]
    client.set_cookie("lang", "en", domain="actiondays.test")
    refresh()  # the test's app context outlives the request, and Babel caches the locale on it
    english = client.get(f"/events/{event.id}", headers={"If-None-Match": german})
    assert english.status_code == 200
    assert english.headers["ETag"] != german


def test_signed_in_page_is_never_public_or_conditional(client, make_event, login_as):
    event = make_event()
    login_as(Role.REVIEWER)
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert "public" not in response.headers.get("Cache-Control", "")


def test_anonymous_visit_neither_reads_nor_writes_a_session(client, make_event):
    from actiondays.web.caching import without_session

    event = make_event()
    with client:
        response = client.get(f"/events/{event.id}")
        assert without_session()
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    # The page still depends on the language (cookie of the language switch, Accept-Language).
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


@pytest.mark.parametrize("path", ["/", "/events", "/calendar?year=2013&month=6", "/regions"])
def test_public_pages_answer_anonymous_conditional_gets_with_304(client, make_event, path):
    make_event()
    first = client.get(path)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert first.headers["ETag"]
    assert first.cache_control.public
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_page_with_a_form_token_is_not_public(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert "ETag" not in response.headers
    assert not response.cache_control.public


def test_signed_in_list_page_stays_private(client, make_event, login_as):
    make_event()
    login_as(Role.REVIEWER)
    response = client.get("/events")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
