"""Amounts of money: integer cents inside, euros with the locale's separators outside."""

from decimal import Decimal

from flask_babel import format_currency, format_decimal

# The amount parser is shared with every other form (one parser per kind of value).
from actiondays.spec.parsers import MAX_CENTS
from actiondays.spec.parsers import ParseError as AmountError
from actiondays.spec.parsers import parse_amount as parse_cents

__all__ = ["MAX_CENTS", "AmountError", "cents_input", "euros", "format_money", "parse_cents"]


def euros(cents: int | None) -> Decimal | None:
    """Cents as an exact Decimal of euros (for spreadsheets and Babel)."""
    return None if cents is None else Decimal(cents) / 100


def format_money(cents: int | None) -> str:
    """In the interface language: '1.234,56 €' in German, '€1,234.56' in English."""
    if cents is None:
        return "–"
    return format_currency(euros(cents), "EUR")


def cents_input(cents: int | None) -> str:
    """A value to put back into a form field: '1234,56' in German."""
    if cents is None:
        return ""
    return format_decimal(euros(cents), "0.00")
