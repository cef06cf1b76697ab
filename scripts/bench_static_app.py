"""The physical limit for serving a feed: a tiny WSGI app returning precomputed bytes.

Used by scripts/bench_scale.py under the same gunicorn settings as the app. BENCH_BODY names
the file with the feed, BENCH_BODY_GZIP the file with the gzip bytes the app sends for it;
both are read once at start-up.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()
BODY_GZIP = Path(os.environ["BENCH_BODY_GZIP"]).read_bytes()


def app(environ, start_response):
    """`/healthz` answers a few bytes; every other path the feed (gzip if asked for)."""
    if environ.get("PATH_INFO") == "/healthz":
        body, headers = b'{"status": "ok"}', [("Content-Type", "application/json")]
    elif "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        body = BODY_GZIP
        headers = [("Content-Type", "text/calendar; charset=utf-8"), ("Content-Encoding", "gzip")]
    else:
        body, headers = BODY, [("Content-Type", "text/calendar; charset=utf-8")]
    start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
    return [body]
