"""Amounts of money: integer cents inside, euros with the locale's separators outside."""

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import format_currency, format_decimal
from flask_babel import lazy_gettext as _l

BAD_AMOUNT = _l("Please enter an amount in euros, for example 1.234,56.")
NEGATIVE_AMOUNT = _l("The amount must not be negative.")
TOO_MANY_DECIMALS = _l("Please give at most two decimal places (cents).")
TOO_LARGE = _l("The amount is too large.")
#: Fits an INTEGER column in cents with room to spare (one million euros minus a cent … 20 m).
MAX_CENTS = 2_000_000_000
_PLAIN = re.compile(r"-?\d+(\.\d+)?")


class AmountError(ValueError):
    """The text is not a valid amount; the message says why."""


def parse_cents(text: str, locale: str = "de") -> int:
    """'1.234,56' (German), '1,234.56' (English) or plain '1234.56' → 123456 cents.

    Babel parses with the locale's separators (strict grouping); only what the locale refuses is
    read as a plain decimal with a point.
    """
    text = (text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not text or not text.isascii() or len(text) > 20:
        raise AmountError(BAD_AMOUNT)
    try:
        # The locale first ("10.000" is ten thousand in German); a plain "1234.56" second.
        value = parse_decimal(text, locale, strict=True)
    except NumberFormatError:
        if not _PLAIN.fullmatch(text):
            raise AmountError(BAD_AMOUNT) from None
        value = Decimal(text)
    except InvalidOperation:
        raise AmountError(BAD_AMOUNT) from None
    if not value.is_finite():
        raise AmountError(BAD_AMOUNT)
    if value < 0:
        raise AmountError(NEGATIVE_AMOUNT)
    if value * 100 > MAX_CENTS:
        raise AmountError(TOO_LARGE)
    if value != value.quantize(Decimal("0.01")):
        raise AmountError(TOO_MANY_DECIMALS)
    return int(value * 100)


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
