"""Anonymous visitors without a session cookie never touch a session, and their public pages
are cacheable.

Flask marks the session as *accessed* as soon as anything reads it (Flask-Login looking for a
user id, the flashed messages of the base template) and then answers with `Vary: Cookie`; a
visitor who never signed in has no session to read. `UntouchedSession` is the empty session
of a request that came without a session cookie: reading it finds nothing and marks nothing,
writing to it (a flashed message, a CSRF token, a sign-in) works as usual and sets the cookie.

A page answered to such a visitor that wrote nothing into the session (so carries neither a
session nor a CSRF token), with status 200 and no caching policy of its own, gets an ETag of
its bytes, `Cache-Control: public, max-age=60`, and a 304 when the visitor's copy is current.
The page still varies with the language (the `lang` cookie of the language switch, else
`Accept-Language`), so it says `Vary: Accept-Language, Cookie`: a browser that switches the
language must not reuse the copy in the other language. Signed-in pages stay `no-store`
(security.py).
"""

import hashlib
import threading

from cachetools import TTLCache
from flask import Flask, Request, Response, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

#: Anonymous visitors' browsers and shared caches may reuse a public page this long.
PUBLIC_MAX_AGE = 60


class UntouchedSession(SecureCookieSession):
    """The empty session of a request without a session cookie: reading it is not an access
    (there is nothing to read), only writing to it is."""

    @property
    def accessed(self) -> bool:
        return self.modified

    @accessed.setter
    def accessed(self, value: bool) -> None:
        """Flask and Flask-Login mark every look at the session; an empty one stays unread."""


class LazySessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions as usual; an `UntouchedSession` when the request has none."""

    def open_session(self, app: Flask, request: Request):
        if app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            if self.get_signing_serializer(app) is None:
                return None
            return UntouchedSession()
        return super().open_session(app, request)


def without_session() -> bool:
    """Whether this request came without a session cookie and has neither read nor written a
    session (so its response is the same for every anonymous visitor of its language)."""
    return isinstance(session._get_current_object(), UntouchedSession) and not session.modified


def vary_on_language(response: Response) -> Response:
    """A public page's language comes from the `lang` cookie or Accept-Language."""
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def public_page_validators(response: Response) -> Response:
    """ETag, public caching and 304 for an anonymous visitor's public HTML page."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.is_streamed
        or response.mimetype != "text/html"
        or "Cache-Control" in response.headers
        or not without_session()
    ):
        return response
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    vary_on_language(response)
    return response.make_conditional(request)


def register(app: Flask) -> None:
    """Install the session interface and the validators; called once from register_web."""
    app.session_interface = LazySessionInterface()
    app.after_request(public_page_validators)


class RenderedPages:
    """A small per-process store of pages rendered for anonymous visitors, keyed by the
    page's validator (which moves with the public data, the language and the templates) and
    the address. An entry lives at most as long as shared caches may reuse the page
    (PUBLIC_MAX_AGE), so data outside the validator (a funding label) is never older than a
    cache's copy could be. Least recently used entries go first (cachetools.TTLCache)."""

    def __init__(self, size: int = 256, max_age: float = PUBLIC_MAX_AGE):
        self._pages: TTLCache[tuple, bytes] = TTLCache(maxsize=size, ttl=max_age)
        self._lock = threading.Lock()

    @staticmethod
    def key(etag: str) -> tuple:
        return etag, request.host_url, request.full_path

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            return self._pages.get(self.key(etag))

    def put(self, etag: str, body: bytes) -> None:
        with self._lock:
            self._pages[self.key(etag)] = body

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
