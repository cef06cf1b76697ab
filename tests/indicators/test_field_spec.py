"""The indicator value import's columns and parsers come from its field spec."""

import io

import pytest

from actiondays.models import Role
from actiondays.spec.indicators import INDICATOR_VALUE_FIELDS
from tests.conftest import csrf_token, html, text_of


@pytest.fixture
def reviewer(login_as, make_indicator):
    make_indicator()
    return login_as(Role.REVIEWER, regions=())


def test_the_template_has_a_column_and_an_example_for_every_field(client, reviewer):
    lines = client.get("/review/indicators/import/vorlage.csv").get_data().decode("utf-8-sig")
    header, example = (line.split(";") for line in lines.splitlines())
    assert header == [f.column for f in INDICATOR_VALUE_FIELDS if f.column]
    assert example == [f.example for f in INDICATOR_VALUE_FIELDS if f.column]


@pytest.mark.parametrize("f", [f for f in INDICATOR_VALUE_FIELDS if f.needs_column])
def test_a_file_without_a_required_column_is_refused_naming_it(client, reviewer, f):
    columns = [c.column for c in INDICATOR_VALUE_FIELDS if c.column and c is not f]
    content = (";".join(columns) + "\r\n" + ";".join("1" for _c in columns) + "\r\n").encode()
    token = csrf_token(client.get("/review/indicators/import"))
    response = client.post(
        "/review/indicators/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(content), "werte.csv"), "indicator": ""},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert f"Fehlende Spalten: {f.column}" in text_of(html(response))
