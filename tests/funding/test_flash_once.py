"""Each funding action says so once (see tests/web/test_flash_once.py)."""

from datetime import timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import FundingApplication, Role
from tests.funding.conftest import application_form, post_form
from tests.funding.conftest import today as funding_today
from tests.web.test_flash_once import flash_of


def test_funding_actions_flash_once(client, login_as, make_event, make_call, make_officer, act_as):
    carrier = login_as(Role.ORGANISER, regions=("region-hannover",))
    event = make_event(day=funding_today() + timedelta(days=5), year=2013)
    call = make_call()
    officer = make_officer(call.programme)
    response = post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}")
    )
    seen = [flash_of(client, response)]
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    seen.append(flash_of(client, post_form(client, url, {}, f"{url}/submit")))
    office = act_as(officer)
    decision = {"granted": "400,00", "conditions": "Fotos beilegen.", "proof_due_on": ""}
    seen.append(flash_of(office, post_form(office, url, decision, f"{url}/approve")))
    payout = {"amount": "400", "paid_on": funding_today().isoformat()}
    seen.append(flash_of(office, post_form(office, url, payout, f"{url}/payouts")))
    act_as(carrier)
    proof = {
        "actual-0": "200,00",
        "actual-1": "350,00",
        "actual_own_funds": "60,00",
        "actual_other_funding": "90,00",
        "report": "Fünf Termine mit 14 Kindern.",
    }
    seen.append(flash_of(client, post_form(client, url, proof, f"{url}/proof")))
    act_as(officer)
    closing = {"reclaim": "50,00", "note": ""}
    seen.append(flash_of(office, post_form(office, url, closing, f"{url}/assess/accept")))
    assert len(seen) == 6
