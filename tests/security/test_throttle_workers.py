"""The sign-in throttle holds exactly across 4 gunicorn worker processes.

Production without REDIS_URL runs Flask-Limiter off and relies on the database-backed throttle
(services/accounts.py). Threads in one process (test_concurrency.py) cannot show that separate
processes agree, so here gunicorn serves the test database with 4 sync workers and a burst of
wrong passwords for one address arrives at once: exactly FREE_SIGN_IN_ATTEMPTS of them may be
checked (422), every other one must be refused unchecked (429), on SQLite and on PostgreSQL.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Role, SignInFailure
from actiondays.services.accounts import FREE_SIGN_IN_ATTEMPTS
from tests import servers

GUESSES = 16
_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


@pytest.fixture
def gunicorn(app, database_url):
    """gunicorn with 4 workers on the test database, production settings, no Redis."""
    with servers.gunicorn(database_url, 4, SECRET_KEY="throttle-test-secret") as port:
        yield port


class Browser:
    """One visitor with its own cookies (kept by hand: production cookies are Secure)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text

    def login_token(self) -> str:
        status, page = self.request("GET", "/login")
        assert status == 200
        match = _TOKEN.search(page)
        assert match, "no CSRF token on /login"
        return match.group(1) or match.group(2)


def test_a_burst_of_wrong_passwords_across_four_workers_gets_exactly_the_free_attempts(
    gunicorn, make_user
):
    email = make_user(Role.ADMIN, regions=()).email
    browsers = [Browser(gunicorn) for _ in range(GUESSES)]
    tokens = [b.login_token() for b in browsers]
    start = threading.Barrier(GUESSES)

    def guess(index: int) -> int:
        body = urlencode(
            {"email": email, "password": f"falsch-{index}-falsch", "csrf_token": tokens[index]}
        )
        start.wait()
        return browsers[index].request("POST", "/login", body)[0]

    with ThreadPoolExecutor(GUESSES) as pool:
        statuses = sorted(pool.map(guess, range(GUESSES)))
    assert statuses == [422] * FREE_SIGN_IN_ATTEMPTS + [429] * (GUESSES - FREE_SIGN_IN_ATTEMPTS)
    db.session.expire_all()
    recorded = db.session.scalar(
        select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
    )
    assert recorded == FREE_SIGN_IN_ATTEMPTS
