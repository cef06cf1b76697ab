"""HTTP for feeds: validators, conditional requests, negotiated compression, caching."""

import gzip
from datetime import datetime

from flask import Response, request

CALENDAR_TYPE = "text/calendar; charset=utf-8"
#: Clients may reuse a feed for this long before asking again (they then get 304 or news).
FEED_MAX_AGE = 3600


def _wants_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def feed_response(
    body: bytes,
    content_hash: str,
    last_modified: datetime,
    *,
    mimetype: str = CALENDAR_TYPE,
    body_gzip: bytes | None = None,
    filename: str | None = None,
    max_age: int = FEED_MAX_AGE,
) -> Response:
    """A 200 or 304 for a feed body; gzip only when the client asks for it.

    The ETag names the representation: the gzip variant has its own, so a cache never hands
    compressed bytes to a client that cannot read them.
    """
    compressed = _wants_gzip()
    response = Response(mimetype=mimetype)
    if compressed:
        response.set_data(body_gzip if body_gzip is not None else gzip.compress(body, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(f"{content_hash}-gzip")
    else:
        response.set_data(body)
        response.set_etag(content_hash)
    response.headers["Content-Type"] = mimetype
    response.last_modified = last_modified
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response.make_conditional(request)
