"""The shared value parsers: formats, bounds and their German messages."""

from datetime import date, time

import pytest

from actiondays.spec.parsers import (
    INT_MAX,
    ParseError,
    local_instant,
    parse_date,
    parse_decimal,
    parse_id,
    parse_integer,
    parse_text,
    parse_time,
)


def _message(parser, text) -> str:
    with pytest.raises(ParseError) as caught:
        parser(text)
    return str(caught.value.message)


@pytest.mark.parametrize("text", ["15.06.2027", "15.6.2027", "2027-06-15", "15.06.27"])
def test_dates_are_read_in_german_and_iso_format(text):
    assert parse_date(text) == date(2027, 6, 15)


@pytest.mark.parametrize("text", ["15/06/2027", "morgen", "2027-06", "32.13.2020", "١٥.٠٦.٢٠٢٧"])
def test_a_wrong_date_format_names_the_accepted_formats(app, text):
    assert _message(parse_date, text) == (
        "Bitte geben Sie ein Datum im Format TT.MM.JJJJ an. Auch JJJJ-MM-TT ist möglich."
    )


@pytest.mark.parametrize("text", ["31.02.2027", "29.02.2027", "2027-04-31"])
def test_an_impossible_date_has_its_own_message(app, text):
    assert _message(parse_date, text) == (
        f"Diesen Tag gibt es nicht: {text}. Bitte prüfen Sie Tag und Monat."
    )


@pytest.mark.parametrize(
    ("text", "value"), [("10:00", time(10)), ("9.30", time(9, 30)), ("23:59:00", time(23, 59))]
)
def test_times_are_read(text, value):
    assert parse_time(text) == value


@pytest.mark.parametrize("text", ["24:00", "10:60", "10", "zehn"])
def test_a_wrong_time_is_refused(app, text):
    assert _message(parse_time, text) == "Bitte geben Sie eine Uhrzeit im Format HH:MM an."


def test_integers_stay_within_postgresqls_integer(app):
    assert parse_integer(str(INT_MAX)) == INT_MAX
    assert "höchstens 2147483647" in _message(parse_integer, str(INT_MAX + 1))
    assert _message(parse_integer, "²") == "Bitte geben Sie eine ganze Zahl an."


@pytest.mark.parametrize("text", ["0", "-1", "²", "2147483648", "9" * 40, "1e3", "abc"])
def test_ids_outside_the_integer_range_are_a_choice_error(app, text):
    assert _message(parse_id, text) == "Bitte wählen Sie einen Eintrag aus der Liste."


def test_decimals_take_point_or_comma_and_refuse_nan(app):
    assert parse_decimal("52,37") == parse_decimal("52.37") == 52.37
    for text in ("nan", "inf", "1e400", "52.3.7"):
        assert _message(parse_decimal, text) == "Bitte geben Sie eine Zahl wie 52.37 an."


@pytest.mark.parametrize("text", ["a\x00b", "a\x01b", "a\x1bb", "a\x7fb", "a\x85b"])
def test_text_with_control_characters_is_refused(app, text):
    assert "Steuerzeichen" in _message(parse_text, text)


def test_text_keeps_line_breaks_and_tabs():
    assert parse_text("Zeile 1\r\nZeile 2\tTab") == "Zeile 1\r\nZeile 2\tTab"


def test_a_local_time_in_the_dst_gap_does_not_exist(app):
    with pytest.raises(ParseError) as caught:
        local_instant(date(2027, 3, 28), time(2, 30))
    assert "Diese Uhrzeit gibt es am 28.03.2027 nicht" in str(caught.value.message)
    assert local_instant(date(2027, 3, 28), time(3, 30)).utcoffset().total_seconds() == 7200
    assert local_instant(date(2027, 10, 31), time(2, 30)) is not None
