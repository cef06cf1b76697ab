"""One parser per kind of value, shared by the web forms and the bulk import.

Each parser takes the text a person typed (or a spreadsheet cell as text) and returns the typed
value or raises `ParseError` with a clear message. The parsers carry the input bounds: ids and
integers fit PostgreSQL's INTEGER, text holds no control characters, and a local time that does
not exist (the hour skipped when the clocks go forward) is refused.
"""

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as babel_decimal
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

BERLIN = ZoneInfo("Europe/Berlin")
INT_MAX = 2_147_483_647
"""PostgreSQL INTEGER; ids and whole numbers beyond it never reach the database."""

BAD_DATE = _l("Please enter a date as DD.MM.YYYY. YYYY-MM-DD works too.")
BAD_TIME = _l("Please enter a time as HH:MM.")
BAD_NUMBER = _l("Please enter a whole number.")
NUMBER_TOO_LARGE = _l("Please enter a number of at most %(max)d.", max=INT_MAX)
BAD_DECIMAL = _l("Please enter a number such as 52.37.")
BAD_CHOICE = _l("Please choose from the list.")
CONTROL_CHARACTERS = _l(
    "The text contains control characters (such as a NUL byte). Please remove them."
)

BAD_AMOUNT = _l("Please enter an amount in euros, for example 1.234,56.")
NEGATIVE_AMOUNT = _l("The amount must not be negative.")
TOO_MANY_DECIMALS = _l("Please give at most two decimal places (cents).")
AMOUNT_TOO_LARGE = _l("The amount is too large.")
MAX_CENTS = 2_000_000_000
"""Fits an INTEGER column in cents with room to spare (20 million euros)."""
BAD_MEASURE = _l("Please enter a number, e.g. 12,5.")
MEASURE_LIMIT = Decimal("99999999999999")
"""Largest magnitude of an indicator value (Numeric(18, 4))."""
BAD_YEAR = _l("Please give the year as four digits, e.g. 2013.")
BAD_IBAN_CHECKSUM = _l("The IBAN is invalid (checksum).")
BAD_IBAN = _l("The IBAN is invalid (format or country).")

_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})", re.ASCII)
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_PLAIN_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
# Every C0/C1 control character except tab, line feed and carriage return (text areas).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ParseError(ValueError):
    """The text cannot be read as the wanted kind of value; `message` says why, in words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_text(text: str) -> str:
    """Free text, unchanged apart from surrounding space; no control characters."""
    text = text or ""
    if _CONTROL.search(text):
        raise ParseError(CONTROL_CHARACTERS)
    return text


def parse_date(text: str) -> date:
    """`TT.MM.JJJJ` (also `TT.MM.JJ`) or ISO `JJJJ-MM-TT`; a day that does not exist (31.02.)
    gets its own message, so a typo in the day is told apart from a wrong format."""
    text = text.strip()
    if match := _DATE_DE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    elif match := _DATE_ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ParseError(BAD_DATE)
    if not (1 <= month <= 12 and 1 <= day <= 31 and year >= 1):
        raise ParseError(BAD_DATE)
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(
            _l("There is no such day: %(value)s. Please check day and month.", value=text)
        ) from None


def parse_time(text: str) -> time:
    """`HH:MM` (also `HH.MM` and `HH:MM:SS`), 00:00 to 23:59."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ParseError(BAD_TIME)
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if not (hour <= 23 and minute <= 59 and second <= 59):
        raise ParseError(BAD_TIME)
    return time(hour, minute, second)


def parse_integer(text: str) -> int:
    """A whole number in ASCII digits within PostgreSQL's INTEGER."""
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise ParseError(BAD_NUMBER)
    value = int(text)
    if abs(value) > INT_MAX:
        raise ParseError(NUMBER_TOO_LARGE)
    return value


def parse_decimal(text: str) -> float:
    """A decimal number with a point or a comma (52.37 or 52,37); no exponents, no NaN."""
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        raise ParseError(BAD_DECIMAL)
    return float(text.replace(",", "."))


def parse_amount(text: str, locale: str | None = None) -> int:
    """An amount in euros → whole cents: '1.234,56' (German), '1,234.56' (English) or a plain
    '1234.56'; not negative, at most two decimal places, at most `MAX_CENTS`.

    Babel parses with the locale's separators (strict grouping; by default the interface's
    locale); only what the locale refuses is read as a plain decimal with a point.
    """
    locale = locale or str(get_locale() or "de")
    text = (text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not text or not text.isascii() or len(text) > 20:
        raise ParseError(BAD_AMOUNT)
    try:
        # The locale first ("10.000" is ten thousand in German); a plain "1234.56" second.
        value = babel_decimal(text, locale, strict=True)
    except NumberFormatError:
        if not _PLAIN_AMOUNT.fullmatch(text):
            raise ParseError(BAD_AMOUNT) from None
        value = Decimal(text)
    except InvalidOperation:
        raise ParseError(BAD_AMOUNT) from None
    if not value.is_finite():
        raise ParseError(BAD_AMOUNT)
    if value < 0:
        raise ParseError(NEGATIVE_AMOUNT)
    if value * 100 > MAX_CENTS:
        raise ParseError(AMOUNT_TOO_LARGE)
    if value != value.quantize(Decimal("0.01")):
        raise ParseError(TOO_MANY_DECIMALS)
    return int(value * 100)


def parse_measure(text: str) -> Decimal:
    """A measured value (an indicator's): a decimal number with a comma or a point, no
    thousands separators, exact to four decimal places, at most `MEASURE_LIMIT` in magnitude."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") + cleaned.count(".") > 1 or not cleaned:
        raise ParseError(BAD_MEASURE)
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ParseError(BAD_MEASURE) from None
    if not value.is_finite() or abs(value) > MEASURE_LIMIT:
        raise ParseError(BAD_MEASURE)
    return value.quantize(Decimal("0.0001"))


def parse_year(text: str) -> int:
    """A calendar year of four digits, 1900 to 2200; the first four digits of a statistical
    office's time cell ("2018", "31.12.2018") count."""
    match = _YEAR.search(text or "")
    year = int(match.group(1)) if match else None
    if year is None or not 1900 <= year <= 2200:
        raise ParseError(BAD_YEAR)
    return year


def parse_iban(text: str) -> str:
    """An IBAN in its compact form (spaces removed, upper case); the checksum is checked."""
    try:
        return IBAN(text or "").compact
    except InvalidChecksumDigits:
        raise ParseError(BAD_IBAN_CHECKSUM) from None
    except SchwiftyException:
        raise ParseError(BAD_IBAN) from None


def parse_id(text: str) -> int:
    """The id of a row offered in a list: 1 to INT_MAX, ASCII digits only."""
    text = str(text).strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= INT_MAX:
        raise ParseError(BAD_CHOICE)
    return int(text)


def local_instant(day: date, clock: time) -> datetime:
    """The Europe/Berlin instant of a local day and time; a time in the gap when the clocks go
    forward (e.g. 28.03.2027 02:30) does not exist and is refused."""
    value = datetime.combine(day, clock, BERLIN)
    if value.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != value.replace(tzinfo=None):
        raise ParseError(
            _l(
                "This time does not exist on %(day)s: the clocks go forward that night. "
                "Please choose another time.",
                day=format_date(day),
            )
        )
    return value
