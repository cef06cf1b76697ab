"""Per-client rate limits with Flask-Limiter: failed sign-ins (only failures count), account
requests; on memory:// and on Redis."""

import importlib.util
import os

import pytest
import redis

import config
from actiondays import create_app, limits
from actiondays.models import Role
from tests.conftest import TEST_PASSWORD, _config_dict, csrf_token, html

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def _redis_answers() -> bool:
    if importlib.util.find_spec("redis") is None:
        return False
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


STORAGES = [
    "memory://",
    pytest.param(
        REDIS_URL,
        marks=pytest.mark.skipif(
            not _redis_answers(), reason=f"no Redis answers at {REDIS_URL}; CI starts one"
        ),
    ),
]


@pytest.fixture(params=STORAGES)
def limited_client(request, app, database_url):
    """A client of an app with rate limits on (the shared test app runs without them)."""
    if request.param.startswith("redis"):
        redis.Redis.from_url(REDIS_URL).flushdb()
    limited = create_app(
        {
            **_config_dict(config.TestingConfig),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": request.param,
        }
    )
    with limited.app_context():
        yield limited.test_client()
    # The limiter object is shared by every app of this process: switch it off again.
    limits.limiter.enabled = False
    if request.param.startswith("redis"):
        redis.Redis.from_url(REDIS_URL).flushdb()


def _sign_in(client, email, password):
    token = csrf_token(client.get("/login"))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_spraying_addresses_from_one_client_is_stopped(limited_client, seeded):
    # Ten different addresses, one wrong password each: the per-address throttle never
    # triggers, the per-client limit does.
    for index in range(10):
        response = _sign_in(limited_client, f"opfer{index}@example.org", "rate-mal")
        assert response.status_code == 422
    response = _sign_in(limited_client, "opfer10@example.org", "rate-mal")
    assert response.status_code == 429
    assert html(response).select_one("h1").get_text(strip=True) == "Zu viele Anfragen"
    assert int(response.headers["Retry-After"]) > 0


def test_successful_sign_ins_are_never_limited(limited_client, make_user):
    user = make_user(Role.ORGANISER)
    for _ in range(15):
        assert _sign_in(limited_client, user.email, TEST_PASSWORD).status_code == 302
        limited_client.post("/logout", data={"csrf_token": csrf_token(limited_client.get("/"))})


def test_account_requests_are_limited_per_client(limited_client, seeded):
    statuses = []
    for index in range(6):
        token = csrf_token(limited_client.get("/register"))
        response = limited_client.post(
            "/register",
            data={"csrf_token": token, "email": f"neu{index}@example.org", "name": "N"},
        )
        statuses.append(response.status_code)
    assert 429 not in statuses[:5]
    assert statuses[5] == 429


def test_storage_follows_the_deployment():
    assert limits.storage_uri({"REDIS_URL": "redis://r:6379/0"}) == "redis://r:6379/0"
    assert limits.storage_uri({"RATELIMIT_SINGLE_PROCESS": True}) == "memory://"
    # Several workers without Redis: no per-process counters; the database throttle protects.
    assert limits.storage_uri({"RATELIMIT_SINGLE_PROCESS": False}) is None
    assert config.ProductionConfig.RATELIMIT_SINGLE_PROCESS is False
