"""Rendered PDFs of published retrospectives, kept on disk per publication.

A published snapshot never changes until it is republished, so its PDF is rendered once per
publication (and language) and then served from `instance/pdf-cache/`. The key holds the
publication time, so republishing renders anew; the files of older publications are removed
when a new one is written. Files are written atomically (temp file + rename), so several workers
may race to fill the same key without ever serving half a file.
"""

import re
from collections.abc import Callable

from actiondays.local_files import cache_directory, write_atomically

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def cached_pdf(year: int, published_at, language: str, render: Callable[[], bytes]) -> bytes:
    """The PDF of this publication in this language, rendering and storing it first if needed."""
    directory = cache_directory("PDF_CACHE_DIR", "pdf-cache")
    stamp = str(int(published_at.timestamp() * 1_000_000))
    target = directory / f"retro-{year}-{stamp}-{_SAFE.sub('_', language)}.pdf"
    if target.exists():
        return target.read_bytes()
    body = render()
    write_atomically(target, [body])
    for old in directory.glob(f"retro-{year}-*.pdf"):
        if f"-{stamp}-" not in old.name:  # an earlier publication of the same year
            old.unlink(missing_ok=True)
    return body
