"""Budget integrity: the tier's maximum and the remaining budget bound every approval, sums come
from SQL, and 8 concurrent approvals on PostgreSQL never over-commit a call."""

import io
import threading
import time
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import (
    FundingApplication,
    FundingCostItem,
    FundingPayout,
    Role,
    User,
)
from actiondays.services.funding import decisions
from actiondays.services.funding.budget import call_budget
from tests.conftest import html, text_of
from tests.funding.conftest import post_form, today


def _submitted(call, event, applicant, requested_cents, **extra):
    """A submitted application written directly (the HTTP path is tested elsewhere)."""
    application = FundingApplication(
        call=call,
        event=event,
        region_id=event.region_id,
        applicant_id=applicant.id,
        organisation="Verein",
        account_holder="Verein",
        iban="DE89370400440532013000",
        own_funds_cents=0,
        other_funding_cents=0,
        requested_cents=requested_cents,
        tier=call.tier_for(requested_cents),
        items=[FundingCostItem(category="Material", amount_cents=requested_cents)],
        status="submitted",
        **extra,
    )
    db.session.add(application)
    db.session.commit()
    return application


def test_approval_above_remaining_budget_is_refused_with_a_message(
    client, login_as, make_event, make_call, make_officer, make_user
):
    call = make_call(budget_cents=70_000, tiers=(("Mikro", 50_000),), own_percent=0)
    officer = make_officer(call.programme)
    applicant = make_user(Role.ORGANISER)
    event = make_event()
    first = _submitted(call, event, applicant, 40_000)
    second = _submitted(call, event, applicant, 40_000)
    decisions.approve(first, officer, 40_000, "", None, today())
    db.session.commit()
    from tests.conftest import sign_in

    sign_in(client, officer.email)
    url = f"/funding/applications/{second.id}"
    response = post_form(client, url, {"granted": "400,00"}, f"{url}/approve")
    assert response.status_code == 422
    message = text_of(html(response).select_one("#granted-error"))
    assert "verbleibende Budget des Aufrufs (300,00 €)" in message
    db.session.expire_all()
    assert db.session.get(FundingApplication, second.id).status == "submitted"
    # Within the remaining budget it works.
    response = post_form(client, url, {"granted": "300,00"}, f"{url}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingApplication, second.id).granted_cents == 30_000


def test_approval_above_the_tier_is_refused(make_event, make_call, make_officer, make_user):
    call = make_call(tiers=(("Mikro", 50_000), ("Makro", 500_000)), own_percent=0)
    officer = make_officer(call.programme)
    application = _submitted(call, make_event(), make_user(Role.ORGANISER), 40_000)
    application.tier = call.tiers[0]
    application.requested_cents = 60_000  # a request edited past its tier in the database
    db.session.commit()
    from actiondays.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        decisions.approve(application, officer, 60_000, "", None, today())
    message = caught.value.errors["granted"][0].replace("\xa0", " ")
    assert "Höchstbetrag der Förderstufe von 500,00 €" in message


def test_call_budget_sums_by_region_and_theme(make_event, make_call, make_officer, make_user):
    call = make_call(budget_cents=1_000_000, own_percent=0)
    officer = make_officer(call.programme)
    applicant = make_user(Role.ORGANISER, regions=("region-hannover", "landkreis-celle"))
    hannover = make_event(themes=["bildung", "gesundheit"])
    celle = make_event(region_slug="landkreis-celle", themes=["bildung"])
    a = _submitted(call, hannover, applicant, 30_000)
    b = _submitted(call, celle, applicant, 20_000)
    _submitted(call, celle, applicant, 10_000)  # stays submitted: not committed
    decisions.approve(a, officer, 25_000, "", None, today())
    decisions.approve(b, officer, 20_000, "", None, today())
    decisions.record_payout(a, officer, 10_000, today())
    db.session.commit()
    budget = call_budget(call)
    assert budget["granted_cents"] == 45_000
    assert budget["paid_cents"] == 10_000
    assert budget["remaining_cents"] == 1_000_000 - 45_000
    assert budget["pending_requested_cents"] == 10_000
    by_region = {r["slug"]: (r["granted_cents"], r["paid_cents"]) for r in budget["by_region"]}
    assert by_region == {"region-hannover": (25_000, 10_000), "landkreis-celle": (20_000, 0)}
    by_theme = {t["slug"]: (t["granted_cents"], t["paid_cents"]) for t in budget["by_theme"]}
    assert by_theme == {"bildung": (45_000, 10_000), "gesundheit": (25_000, 10_000)}


def test_call_page_shows_budget_in_german_format(
    client, login_as, make_event, make_call, make_officer, make_user, count_queries
):
    call = make_call(budget_cents=123_456_78, own_percent=0)
    officer = make_officer(call.programme)
    applicant = make_user(Role.ORGANISER)
    for _ in range(5):
        application = _submitted(call, make_event(), applicant, 10_000)
        decisions.approve(application, officer, 10_000, "", None, today())
    db.session.commit()
    from tests.conftest import sign_in

    sign_in(client, officer.email)
    client.get(f"/funding/calls/{call.id}")
    with count_queries() as counter:
        response = client.get(f"/funding/calls/{call.id}")
    assert response.status_code == 200
    page = html(response)
    assert text_of(page.select_one("#remaining")) == "122.956,78 €"
    assert text_of(page.select_one("#committed")) == "500,00 €"
    assert counter.count <= 14, counter.statements
    # One more application must not add queries (no N+1).
    application = _submitted(call, make_event(), applicant, 10_000)
    client.get(f"/funding/calls/{call.id}")
    with count_queries() as more:
        client.get(f"/funding/calls/{call.id}")
    assert more.count == counter.count


def test_xlsx_numbers_are_numbers(client, make_event, make_call, make_officer, make_user):
    call = make_call(own_percent=0)
    officer = make_officer(call.programme)
    application = _submitted(call, make_event(), make_user(Role.ORGANISER), 12_345)
    decisions.approve(application, officer, 12_300, "", None, today())
    decisions.record_payout(application, officer, 12_300, today())
    db.session.commit()
    from tests.conftest import sign_in

    sign_in(client, officer.email)
    response = client.get(f"/funding/calls/{call.id}/applications.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Beantragt"] == pytest.approx(123.45)
    assert isinstance(row["Beantragt"], int | float)
    assert row["Bewilligt"] == 123
    assert isinstance(row["Bewilligt"], int | float)
    assert row["Ausgezahlt"] == 123
    assert row["IBAN"] == "DE89370400440532013000"
    assert sheet.cell(2, header.index("Beantragt") + 1).number_format.endswith('"€"')


def test_xlsx_is_for_officers_only(client, login_as, make_call):
    call = make_call()
    login_as(Role.ORGANISER)
    assert client.get(f"/funding/calls/{call.id}/applications.xlsx").status_code == 403


@pytest.mark.skipif(
    "postgresql" not in __import__("os").environ.get("TEST_DATABASE_URL", ""),
    reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises all writers",
)
def test_eight_concurrent_approvals_never_over_commit(
    app, make_event, make_call, make_officer, make_user
):
    call = make_call(budget_cents=100_000, tiers=(("Mikro", 30_000),), own_percent=0)
    officer = make_officer(call.programme)
    applicant = make_user(Role.ORGANISER)
    event = make_event()
    ids = [_submitted(call, event, applicant, 30_000).id for _ in range(8)]
    officer_id = officer.id
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def widen_race(_conn, _cursor, statement, *_args):
        # Every approval pauses right after reading the committed sum, so without the row
        # lock all eight would read the same sum and over-commit.
        if "sum(funding_applications.granted_cents)" in statement:
            time.sleep(0.2)

    def approve(application_id):
        with app.app_context():
            actor = db.session.get(User, officer_id)
            application = db.session.get(FundingApplication, application_id)
            barrier.wait()
            try:
                decisions.approve(application, actor, 30_000, "", None, today())
                db.session.commit()
                outcomes.append("approved")
            except Exception as error:  # noqa: BLE001 - the refusal is the expected outcome
                db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    sa_event.listen(db.engine, "after_cursor_execute", widen_race)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sa_event.remove(db.engine, "after_cursor_execute", widen_race)
    assert outcomes.count("approved") == 3
    assert outcomes.count("ValidationFailed") == 5
    db.session.expire_all()
    committed = db.session.scalar(
        select(func.sum(FundingApplication.granted_cents)).where(
            FundingApplication.status == "approved"
        )
    )
    assert committed == 90_000 <= call.budget_cents


def test_payout_cannot_exceed_the_grant(make_event, make_call, make_officer, make_user):
    call = make_call(own_percent=0)
    officer = make_officer(call.programme)
    application = _submitted(call, make_event(), make_user(Role.ORGANISER), 10_000)
    decisions.approve(application, officer, 10_000, "", None, today())
    decisions.record_payout(application, officer, 6_000, today())
    db.session.commit()
    from actiondays.errors import DomainError

    with pytest.raises(DomainError, match="40,00"):
        decisions.record_payout(application, officer, 5_000, today() - timedelta(days=1))
    db.session.rollback()
    assert db.session.scalar(select(func.count(FundingPayout.id))) == 1
