"""Admins edit programmes and calls: row versions (a stale edit is 409, nothing saved), and
no change may leave the granted amounts above a reduced budget or tier maximum."""

from datetime import timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    AuditEntry,
    FundingApplication,
    FundingCall,
    FundingCostItem,
    FundingProgramme,
    Role,
)
from tests.conftest import csrf_token, html, text_of
from tests.funding.conftest import today


def _form_values(page) -> dict:
    """Every value the edit form was filled with, as a browser would send it back."""
    form = page.select_one("main form[method=post]")
    values: dict = {}
    for node in form.select("input, textarea, select"):
        name = node.get("name")
        if not name:
            continue
        if node.name == "textarea":
            values[name] = node.get_text().removeprefix("\r\n").removeprefix("\n")  # as browsers do
        elif node.name == "select":
            chosen = node.select_one("option[selected]")
            values[name] = chosen["value"] if chosen else ""
        elif node.get("type") in ("checkbox", "radio"):
            if node.has_attr("checked"):
                values.setdefault(name, []).append(node["value"])
        else:
            values[name] = node.get("value", "")
    return values


def _grant(call, tier_name: str, cents: int, status: str = "approved") -> FundingApplication:
    from tests.conftest import region

    tier = next(t for t in call.tiers if t.name == tier_name)
    application = FundingApplication(
        call=call,
        tier=tier,
        region_id=region("region-hannover").id,
        project=None,
        event=None,
        organisation="Verein",
        account_holder="Verein",
        iban="DE89370400440532013000",
        requested_cents=cents,
        items=[FundingCostItem(category="Material", amount_cents=cents)],
        status=status,
        granted_cents=cents if status == "approved" else None,
    )
    return application


def _with_event(application, make_event):
    application.event = make_event(year=2013)
    db.session.add(application)
    db.session.commit()
    return application


def test_admin_edits_a_programme_and_a_stale_edit_is_409(client, login_as, make_call):
    login_as(Role.ADMIN)
    call = make_call()
    programme_id = call.programme_id
    url = f"/admin/funding/programmes/{programme_id}/edit"
    page = html(client.get(url))
    values = _form_values(page)
    assert values["version"] == "1"
    assert values["name"] == call.programme.name
    saved = client.post(
        url, data={**values, "name": "Mitten drin! Jung und aktiv", "publishes_amounts": "y"}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.expire_all()
    programme = db.session.get(FundingProgramme, programme_id)
    assert programme.name == "Mitten drin! Jung und aktiv"
    assert programme.publishes_amounts is True
    assert programme.version == 2

    stale = client.post(url, data={**values, "name": "Veraltet"})
    assert stale.status_code == 409
    assert "Jemand anderes hat" in text_of(html(stale))
    db.session.expire_all()
    assert db.session.get(FundingProgramme, programme_id).name == "Mitten drin! Jung und aktiv"
    action = db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))
    assert action == "funding.update_programme"


def test_programme_name_stays_unique_on_edit(client, login_as, make_call):
    login_as(Role.ADMIN)
    first = make_call()
    second = make_call()
    url = f"/admin/funding/programmes/{second.programme_id}/edit"
    values = _form_values(html(client.get(url)))
    refused = client.post(url, data={**values, "name": first.programme.name})
    assert refused.status_code == 422
    assert "gibt es bereits" in text_of(html(refused))


def test_admin_edits_a_call_with_tiers_and_eligible_kinds(client, login_as, make_call):
    login_as(Role.ADMIN)
    call = make_call()
    url = f"/admin/funding/calls/{call.id}/edit"
    values = _form_values(html(client.get(url)))
    assert values["tiers"].splitlines() == ["Mikro; 500,00", "Makro; 5000,00"]
    saved = client.post(
        url,
        data={
            **values,
            "title": "Förderaufruf 2015",
            "budget": "12.000,00",
            "tiers": "Mikro; 800,00\nMakro; 5.000,00\nMaxi; 9.000,00",
            "eligible_kinds": ["youth_welfare", "association"],
            "eligible_applicants": "Gemeinnützige Träger aus Niedersachsen",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.expire_all()
    call = db.session.get(FundingCall, call.id)
    assert call.title == "Förderaufruf 2015"
    assert call.budget_cents == 1_200_000
    assert sorted((t.name, t.max_cents) for t in call.tiers) == [
        ("Makro", 500_000),
        ("Maxi", 900_000),
        ("Mikro", 80_000),
    ]
    assert call.eligible_kind_list == ["youth_welfare", "association"]
    assert call.version == 2
    # The form of another tab, filled before that save, is stale.
    stale = client.post(url, data={**values, "budget": "50.000,00"})
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(FundingCall, call.id).budget_cents == 1_200_000


def test_budget_and_tier_cannot_drop_below_granted_amounts(client, login_as, make_call, make_event):
    login_as(Role.ADMIN)
    call = make_call(budget_cents=1_000_000)
    _with_event(_grant(call, "Makro", 400_000), make_event)
    _with_event(_grant(call, "Makro", 300_000), make_event)
    _with_event(_grant(call, "Mikro", 45_000, status="submitted"), make_event)
    url = f"/admin/funding/calls/{call.id}/edit"
    values = _form_values(html(client.get(url)))

    low_budget = client.post(url, data={**values, "budget": "6.999,99"})
    assert low_budget.status_code == 422
    message = text_of(html(low_budget))
    assert "Das Budget kann nicht unter den in diesem Aufruf bereits bewilligten Betrag" in message
    assert "7.000,00 €" in message

    low_tier = client.post(url, data={**values, "tiers": "Mikro; 500,00\nMakro; 3.999,00"})
    assert low_tier.status_code == 422
    message = text_of(html(low_tier))
    assert "Höchstbetrag der Stufe „Makro“" in message
    assert "4.000,00 €" in message

    removed = client.post(url, data={**values, "tiers": "Makro; 5.000,00"})
    assert removed.status_code == 422
    assert "Die Stufe „Mikro“ wird von Anträgen genutzt" in text_of(html(removed))

    db.session.expire_all()
    call = db.session.get(FundingCall, call.id)
    assert call.budget_cents == 1_000_000
    assert sorted((t.name, t.max_cents) for t in call.tiers) == [
        ("Makro", 500_000),
        ("Mikro", 50_000),
    ]
    assert call.version == 1

    exactly = client.post(url, data={**values, "budget": "7.000,00", "tiers": values["tiers"]})
    assert exactly.status_code == 302


def test_window_order_is_checked_on_edit(client, login_as, make_call):
    login_as(Role.ADMIN)
    call = make_call()
    url = f"/admin/funding/calls/{call.id}/edit"
    values = _form_values(html(client.get(url)))
    refused = client.post(
        url, data={**values, "closes_on": (today() - timedelta(days=30)).isoformat()}
    )
    assert refused.status_code == 422
    token = csrf_token(client.get(url))
    assert token
