"""PDF export with WeasyPrint: the retrospective's print HTML and stylesheets to A4 pages."""

import logging
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing on this machine."""


# The shared site stylesheet has screen-only rules WeasyPrint skips; its notes are noise here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def render_pdf(html: str, stylesheets: list[Path], base_url: str) -> bytes:
    """Render already-built HTML with the given stylesheet files; fetches nothing remote.

    WeasyPrint is imported here, not at start-up, so the rest of the application runs on a
    machine without Pango; only this export then reports PdfUnavailable.
    """
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    # PDF/UA-1: a tagged document (structure tree, language, title) that screen readers follow.
    return HTML(string=html, base_url=base_url, url_fetcher=_static_only_fetcher()).write_pdf(
        stylesheets=[CSS(filename=str(path)) for path in stylesheets], pdf_variant="pdf/ua-1"
    )


STATIC = Path(__file__).resolve().parents[2] / "static"


def check_static_url(url: str) -> None:
    """ValueError unless `url` is a file below the app's static/ folder (no network, no other
    file on the machine)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError("the retrospective PDF loads no remote resources")
    if not Path(unquote(parts.path)).resolve().is_relative_to(STATIC):
        raise ValueError("the retrospective PDF loads only the app's static files")


def _static_only_fetcher():
    """WeasyPrint's own fetcher (file: only), asked only for URLs that pass check_static_url."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            check_static_url(url)
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=["file"])
