"""Funding's own states run through the shared transition check; amounts parse exactly."""

import pytest

from actiondays.errors import InvalidTransition
from actiondays.models import FundingApplication
from actiondays.models.funding import FUNDING_TRANSITIONS, FundingState
from actiondays.services.funding.money import AmountError, parse_cents

F = FundingState


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (F.DRAFT, F.APPROVED),
        (F.REJECTED, F.APPROVED),
        (F.CLOSED, F.PAID_OUT),
        (F.SUBMITTED, F.PAID_OUT),
        (F.APPROVED, F.CLOSED),
    ],
)
def test_funding_transitions_outside_the_table_are_refused(app, old, new):
    application = FundingApplication(status=old.value)
    with pytest.raises(InvalidTransition):
        application.status = new.value


def test_every_state_has_a_row_in_the_table():
    assert set(FUNDING_TRANSITIONS) == set(FundingState)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234,56", 123_456),
        ("1234,5", 123_450),
        ("1234.56", 123_456),
        ("10.000", 1_000_000),
        ("0", 0),
        ("2.000 €", 200_000),
    ],
)
def test_german_amounts_parse_to_cents(app, text, cents):
    assert parse_cents(text, "de") == cents


@pytest.mark.parametrize("text", ["", "abc", "-1", "1,001", "1e400", "NaN", "Infinity", "١٢"])
def test_bad_amounts_raise(app, text):
    with pytest.raises(AmountError):
        parse_cents(text, "de")
