"""Fixtures of the funding tests: a programme with an open call, officers, the form values."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from actiondays.extensions import db
from actiondays.models import FundingCall, FundingProgramme, FundingTier, ProgrammeKind, Role
from actiondays.models.event import BERLIN
from tests.conftest import TEST_PASSWORD, csrf_token, sign_in
from tests.retrospectives.conftest import publish_year  # noqa: F401 - shared fixture


def today():
    return datetime.now(BERLIN).date()


@pytest.fixture
def make_call(seeded) -> Callable[..., FundingCall]:
    """Factory for a committed call (open today) of a standing programme; micro 500 €,
    macro 5,000 €, budget 10,000 €, 10 % own contribution unless overridden."""
    counter = iter(range(1, 1000))

    def _make(
        budget_cents=1_000_000,
        tiers=(("Mikro", 50_000), ("Makro", 500_000)),
        own_percent=10,
        programme=None,
        **overrides,
    ) -> FundingCall:
        if programme is None:
            programme = FundingProgramme(
                name=f"Mitten drin! Test {next(counter)}",
                kind=ProgrammeKind.STANDING.value,
                carrier="DKSB Landesverband Niedersachsen",
            )
            db.session.add(programme)
        values = {
            "programme": programme,
            "title": "Förderaufruf 2014/2015",
            "opens_on": today() - timedelta(days=10),
            "closes_on": today() + timedelta(days=30),
            "budget_cents": budget_cents,
            "own_contribution_percent": own_percent,
            "eligible_applicants": "Träger der Jugendhilfe und Vereine",
            "tiers": [FundingTier(name=n, max_cents=c) for n, c in tiers],
        }
        values.update(overrides)
        call = FundingCall(**values)
        db.session.add(call)
        db.session.commit()
        return call

    return _make


@pytest.fixture
def make_officer(make_user):
    """An active account with the funding-officer right of the given programme."""

    def _make(programme, role=Role.ORGANISER, **overrides):
        user = make_user(role, regions=(), **overrides)
        user.funding_programmes = [programme]
        db.session.commit()
        return user

    return _make


@pytest.fixture
def act_as(client):
    """Sign out whoever is signed in on `client` and sign in as `user` (through the forms)."""

    def _switch(user):
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
        response = sign_in(client, user.email, TEST_PASSWORD)
        assert response.status_code == 302
        return client

    return _switch


def application_form(subject: str, **overrides) -> dict:
    """Valid application values: costs 600 € (two items), own 60 €, other 90 €, request 450 €."""
    values = {
        "subject": subject,
        "organisation": "Jugendtreff Linden e. V.",
        "items-0-category": "Material",
        "items-0-details": "Bastelmaterial und Farben",
        "items-0-amount": "250,00",
        "items-1-category": "Honorare",
        "items-1-details": "Theaterpädagogin, 5 Termine",
        "items-1-amount": "350",
        "own_funds": "60,00",
        "other_funding": "90,00",
        "requested": "450,00",
        "account_holder": "Jugendtreff Linden e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "justification": "Ein Theaterprojekt mit Kindern aus dem Stadtteil.",
    }
    values.update(overrides)
    return values


def post_form(client, page_url: str, data: dict, action: str | None = None):
    """GET the page for its CSRF token, then POST the data (to `action` or the page)."""
    token = csrf_token(client.get(page_url))
    return client.post(action or page_url, data={**data, "csrf_token": token})
