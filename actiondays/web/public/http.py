"""HTTP for feeds: validators, conditional requests, negotiated compression, caching."""

import gzip
import os
from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from flask import Response, request
from werkzeug.http import is_resource_modified
from werkzeug.wsgi import wrap_file

CALENDAR_TYPE = "text/calendar; charset=utf-8"
#: Clients may reuse a feed for this long before asking again (they then get 304 or news).
FEED_MAX_AGE = 3600
#: Body files up to this size are read and sent as one value; larger ones by the server.
READ_UP_TO = 256 * 1024


def _wants_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def feed_response(
    body: bytes | Callable[[bool], BinaryIO],
    content_hash: str,
    last_modified: datetime,
    *,
    mimetype: str = CALENDAR_TYPE,
    filename: str | None = None,
    max_age: int = FEED_MAX_AGE,
) -> Response:
    """A 200 or 304 for a feed body; gzip only when the client asks for it.

    `body` is the body itself (small feeds, compressed here when asked), or a callable that
    opens the identity or gzip body file (`body(compressed)`): called only for a 200, so a
    304 opens nothing, and the file is sent by the server (`wsgi.file_wrapper`, sendfile
    under gunicorn). The ETag names the representation: the gzip variant has its own, so a
    cache never hands compressed bytes to a client that cannot read them.
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
        response.headers["Content-Encoding"] = "gzip"
    if not callable(body):
        response.set_data(gzip.compress(body, mtime=0) if compressed else body)
        return response
    file = body(compressed)
    size = os.fstat(file.fileno()).st_size
    if size <= READ_UP_TO or request.method == "HEAD":
        with file:
            response.set_data(file.read() if request.method != "HEAD" else b"")
        response.headers["Content-Length"] = str(size)
        return response
    response.headers["Content-Length"] = str(size)
    response.response = wrap_file(request.environ, file)
    response.direct_passthrough = True
    return response
