"""HTTP for feeds: validators, conditional requests, negotiated compression, caching."""

import gzip
from collections.abc import Callable
from datetime import datetime

from flask import Response, request
from werkzeug.http import is_resource_modified

CALENDAR_TYPE = "text/calendar; charset=utf-8"
#: Clients may reuse a feed for this long before asking again (they then get 304 or news).
FEED_MAX_AGE = 3600
#: Bodies above this size are sent in chunks rather than as one write.
STREAM_ABOVE = 1024 * 1024
_CHUNK = 256 * 1024


def _wants_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def _chunks(body: bytes):
    view = memoryview(body)
    for start in range(0, len(body), _CHUNK):
        yield bytes(view[start : start + _CHUNK])


def feed_response(
    body: bytes | list[bytes] | Callable[[], bytes | list[bytes]],
    content_hash: str,
    last_modified: datetime,
    *,
    mimetype: str = CALENDAR_TYPE,
    body_gzip: bytes | Callable[[], bytes] | None = None,
    filename: str | None = None,
    max_age: int = FEED_MAX_AGE,
) -> Response:
    """A 200 or 304 for a feed body; gzip only when the client asks for it.

    Bodies may be given as callables: they are then read only for a 200, so a 304 costs no
    body read. A body given as a list of parts is sent part by part. The ETag names the
    representation: the gzip variant has its own, so a cache never hands compressed bytes to
    a client that cannot read them.
    """
    compressed = _wants_gzip()
    etag = f"{content_hash}-gzip" if compressed else content_hash
    response = Response(mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Content-Type"] = mimetype
    response.last_modified = last_modified
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response.status_code = 304
        return response
    if compressed:
        data = body_gzip() if callable(body_gzip) else body_gzip
        if data is None:
            raw = body() if callable(body) else body
            data = gzip.compress(b"".join(raw) if isinstance(raw, list) else raw, mtime=0)
        response.headers["Content-Encoding"] = "gzip"
    else:
        data = body() if callable(body) else body
    if isinstance(data, list):
        # A stored body in its parts: sent part by part, never joined.
        if len(data) > 1:
            response.response = data
            response.headers["Content-Length"] = str(sum(map(len, data)))
            return response
        data = data[0] if data else b""
    if len(data) > STREAM_ABOVE and request.method != "HEAD":
        response.response = _chunks(data)
        response.headers["Content-Length"] = str(len(data))
    else:
        # A freshly built body is a bytearray; WSGI servers want bytes (small here: < 1 MB).
        response.set_data(data if isinstance(data, bytes) else bytes(data))
    return response
