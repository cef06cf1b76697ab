"""Concurrent writers on PostgreSQL: no lost update, no 500 for the losers of a double submit or
of five admins creating next year's campaign at once.

SQLite serialises every writer on the whole database file, so the races these tests provoke
(two row-level UPDATEs or INSERTs at the same moment) cannot happen there.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Campaign, Event, Project, ReviewState, Role
from tests.conftest import TEST_PASSWORD, campaign, csrf_token, event_form, html, region, theme

pytestmark = pytest.mark.skipif(
    "postgresql" not in __import__("os").environ.get("TEST_DATABASE_URL", ""),
    reason="row-level write races need PostgreSQL (SQLite serialises all writers); "
    "CI runs this file on PostgreSQL",
)
WRITERS = 8
SAVES_PER_WRITER = 4


def _signed_in_client(app, email):
    client = app.test_client()
    page = client.get("/login")
    response = client.post(
        "/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    return client


def _form_values(page, selector="form.stack") -> dict:
    """Every field of the page's main form as a browser would submit it."""
    form = html(page).select_one(selector) or html(page).select_one("form[method=post]")
    data: dict[str, list[str]] = {}
    for element in form.select("input[name], textarea[name], select[name]"):
        name = element["name"]
        if element.name == "textarea":
            data.setdefault(name, []).append(element.get_text())
        elif element.name == "select":
            chosen = element.select("option[selected]")
            data.setdefault(name, []).extend(o.get("value", "") for o in chosen)
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data.setdefault(name, []).append(element.get("value", "y"))
        else:
            data.setdefault(name, []).append(element.get("value", ""))
    return data


def test_eight_writers_lose_no_update_of_a_project(app, make_user):
    project = Project(
        name="Lernpaten",
        organisation="Diakonie",
        region=region("region-hannover"),
        themes=[theme("bildung")],
        description="Start.",
        campaigns=[campaign(2013)],
        status=ReviewState.DRAFT.value,
    )
    db.session.add(project)
    db.session.commit()
    project_id = project.id
    reviewers = [make_user(Role.REVIEWER).email for _ in range(WRITERS)]
    clients = [_signed_in_client(app, email) for email in reviewers]
    start = threading.Barrier(WRITERS)
    url = f"/manage/projects/{project_id}/edit"

    def write(index: int) -> tuple[list[str], list[int]]:
        client, saved, statuses = clients[index], [], []
        start.wait()
        for round_ in range(SAVES_PER_WRITER):
            mark = f"[w{index}r{round_}]"
            for _attempt in range(50):
                page = client.get(url)
                data = _form_values(page)
                data["description"] = [data["description"][0].strip() + " " + mark]
                response = client.post(url, data=data)
                statuses.append(response.status_code)
                if response.status_code == 302:
                    saved.append(mark)
                    break
                assert response.status_code == 409, html(response).select(".field-error")
                assert "Jemand anderes hat diesen Eintrag geändert" in response.get_data(
                    as_text=True
                )
        return saved, statuses

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(write, range(WRITERS)))
    saved = [mark for marks, _ in results for mark in marks]
    statuses = [status for _, codes in results for status in codes]
    db.session.expire_all()
    description = db.session.get(Project, project_id).description
    lost = [mark for mark in saved if mark not in description]
    assert len(saved) == WRITERS * SAVES_PER_WRITER
    assert lost == []
    assert all(status in (302, 409) for status in statuses)
    assert db.session.get(Project, project_id).version == 1 + len(saved)


def test_five_admins_creating_next_years_campaign_at_once_create_it_once(app, make_user):
    clients = [_signed_in_client(app, make_user(Role.ADMIN).email) for _ in range(5)]
    pages = [client.get("/admin/campaigns") for client in clients]
    start = threading.Barrier(5)

    def create(index: int):
        form = html(pages[index]).select_one("form[action='/admin/campaigns/next']")
        data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
        start.wait()
        return clients[index].post("/admin/campaigns/next", data=data)

    with ThreadPoolExecutor(5) as pool:
        responses = list(pool.map(create, range(5)))
    db.session.expire_all()
    created = db.session.scalars(select(Campaign).where(Campaign.year > 2014)).all()
    assert [c.year for c in created] == [2015]
    assert {r.status_code for r in responses} == {302}
    assert {r.headers["Location"] for r in responses} == {f"/admin/campaigns/{created[0].id}"}


def test_double_submitted_event_form_creates_one_event_and_no_error(app, make_user, open_campaign):
    email = make_user(Role.ORGANISER).email
    client = _signed_in_client(app, email)
    page = client.get("/manage/events/new")
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("bildung").id])
    data.update(
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
    )
    twins = [_signed_in_client(app, email) for _ in range(9)]
    for twin in twins:  # the same browser: same session cookie, so the same CSRF token
        for cookie in client._cookies.values():
            twin.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    start = threading.Barrier(10)

    def submit(submitter):
        start.wait()
        return submitter.post("/manage/events/new", data=data)

    with ThreadPoolExecutor(10) as pool:
        responses = list(pool.map(submit, [client, *twins]))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1
    event_id = db.session.scalar(select(Event.id))
    assert [r.status_code for r in responses] == [302] * 10
    assert {r.headers["Location"] for r in responses} == {f"/manage/events/{event_id}"}


def test_concurrent_guesses_for_one_address_get_exactly_the_free_attempts(app, make_user):
    from actiondays.services.accounts import FREE_SIGN_IN_ATTEMPTS

    email = make_user(Role.ORGANISER).email
    clients = [app.test_client() for _ in range(12)]
    tokens = [csrf_token(client.get("/login")) for client in clients]
    start = threading.Barrier(12)

    def guess(index: int) -> int:
        start.wait()
        return (
            clients[index]
            .post(
                "/login",
                data={
                    "email": email,
                    "password": f"falsch-{index}",
                    "csrf_token": tokens[index],
                },
            )
            .status_code
        )

    with ThreadPoolExecutor(12) as pool:
        statuses = sorted(pool.map(guess, range(12)))
    assert statuses == [422] * FREE_SIGN_IN_ATTEMPTS + [429] * (12 - FREE_SIGN_IN_ATTEMPTS)
