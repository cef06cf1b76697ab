"""The PDF's cover page says what the document is: title, year, motto, period, the key
figures, publisher and publication date — on one page, in the reader's language."""

import io
import re

from flask_babel import refresh
from pypdf import PdfReader

from actiondays.extensions import db
from tests.conftest import html, needs_pdf, text_of
from tests.retrospectives.conftest import _campaign


def _pages(client, path="/retrospectives/2012.pdf") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # still tagged
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _with_motto():
    _campaign(2012).motto = "Gemeinsam stark für Kinder"
    db.session.commit()


@needs_pdf
def test_cover_page_carries_the_year_at_a_glance(client, campaign_2012, publish_year):
    _with_motto()
    retrospective = publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    figures = {text_of(i.dt): text_of(i.dd) for i in page.select(".key-figures > div")}
    cover, second = _pages(client)[:2]
    assert "RÜCKBLICK 2012" in cover  # the kicker is set in capitals
    assert "Aktionstage gegen Kinderarmut 2012" in cover
    assert "„Gemeinsam stark für Kinder“" in cover
    assert "Aktionszeitraum" in cover
    assert "Das Jahr auf einen Blick" in cover
    for label in ("Durchgeführte Aktionstage", "Teilnehmende", "Beteiligte Projekte"):
        assert f"{label} {figures[label]}" in cover, (label, cover)
    assert "2 von 46" in cover
    assert "Herausgegeben von Landesstelle Aktionstage gegen Kinderarmut" in cover
    day = retrospective.published_at
    assert re.search(rf"veröffentlicht am {day.day}\. \w+ {day.year}", cover), cover
    # The document proper starts on the next page: the cover is one page.
    assert "Kennzahlen" not in cover
    assert "Kennzahlen" in second


@needs_pdf
def test_english_cover_uses_english_dates_and_quotes(client, campaign_2012, publish_year):
    _with_motto()
    retrospective = publish_year(2012)
    client.get("/language/en")
    refresh()
    cover = _pages(client)[0]
    assert "RETROSPECTIVE 2012" in cover
    assert "“Gemeinsam stark für Kinder”" in cover
    assert "„" not in cover
    day = retrospective.published_at
    assert f"published on {day.day} {day:%B} {day.year}" in cover
    assert re.search(r"Action period \d{1,2} [A-Z][a-z]+ 2012 to \d{1,2} [A-Z][a-z]+ 2012", cover)


@needs_pdf
def test_no_table_row_is_split_across_pages(client, campaign_2012, publish_year):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    pages = _pages(client)
    rows = page.select("section[aria-labelledby=by-region] tbody tr")
    assert len(rows) > 40
    for row in rows:
        cells = " ".join(text_of(c) for c in row.select("th, td"))
        assert any(cells in text for text in pages), cells
    # The long region table does run over a page break, so the check above is not idle.
    first, last = (" ".join(text_of(c) for c in rows[i].select("th, td")) for i in (0, -1))
    assert not any(first in text and last in text for text in pages)
