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
    return HTML(string=html, base_url=base_url, url_fetcher=_local_only).write_pdf(
        stylesheets=[CSS(filename=str(path)) for path in stylesheets], pdf_variant="pdf/ua-1"
    )


def _local_only(url: str, *args, **kwargs):
    """Only file: URLs (the stylesheets); the document links nothing else it must load."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith("file:"):
        raise ValueError("the retrospective PDF loads no remote resources")
    return default_url_fetcher(url, *args, **kwargs)
