"""A published retrospective's PDF is rendered once per publication, not per request, and
WeasyPrint may read only the app's static files."""

from pathlib import Path

import pytest

from actiondays.exports.pdf_export import _static_only_fetcher, check_static_url
from tests.conftest import needs_pdf


@needs_pdf
def test_pdf_is_rendered_once_per_publication(app, client, campaign_2012, publish_year):
    publish_year(2012)
    first = client.get("/retrospectives/2012.pdf")
    assert first.status_code == 200
    assert first.data.startswith(b"%PDF")
    cached = list(Path(app.config["PDF_CACHE_DIR"]).glob("retro-2012-*-de.pdf"))
    assert len(cached) == 1
    assert cached[0].read_bytes() == first.data
    # Served from the store: a marked copy comes back unchanged, nothing is rendered again.
    cached[0].write_bytes(b"%PDF-served-from-the-cache")
    assert client.get("/retrospectives/2012.pdf").data == b"%PDF-served-from-the-cache"
    # Republishing is a new publication: rendered anew, the old file is removed.
    publish_year(2012, introduction="Neu veröffentlicht.")
    again = client.get("/retrospectives/2012.pdf")
    assert again.data.startswith(b"%PDF-1")
    assert not cached[0].exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1:5000/",
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "file://otherhost/share/x.css",
    ],
)
def test_pdf_fetcher_refuses_everything_outside_static(url):
    with pytest.raises(ValueError, match="loads"):
        check_static_url(url)


@needs_pdf
def test_pdf_fetcher_reads_static_files():
    stylesheet = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"
    check_static_url(stylesheet.as_uri())
    response = _static_only_fetcher().fetch(stylesheet.as_uri())
    try:
        assert b"body" in response.read()
    finally:
        response.close()
