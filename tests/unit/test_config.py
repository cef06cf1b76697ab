"""Configuration: production refuses to start without a real secret key."""

import subprocess
import sys

import pytest
from flask import request

import config
from actiondays import ROOT, create_app


class _Production(config.ProductionConfig):
    SQLALCHEMY_DATABASE_URI = "sqlite://"


@pytest.mark.parametrize("secret", [None, "", config.DEV_SECRET_KEY])
def test_production_refuses_missing_or_default_secret(secret):
    class Prod(_Production):
        SECRET_KEY = secret

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Prod)


def test_production_starts_with_a_real_secret():
    class Prod(_Production):
        SECRET_KEY = "a-long-random-production-secret"

    app = create_app(Prod)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["ALLOW_DEMO_DATA"] is False


def test_unknown_configuration_name_is_an_error():
    with pytest.raises(RuntimeError, match="unknown configuration"):
        create_app("staging")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_gets_the_psycopg_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config._database_url("sqlite://") == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "http://actiondays.test/"), (1, "https://aktionstage.example/")]
)
def test_proxy_headers_are_trusted_only_when_configured(count, expected):
    class Behind(config.TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        PROXY_COUNT = count

    app = create_app(Behind)
    seen = {}

    @app.get("/_root")
    def _root():
        seen["url"] = request.url_root
        return ""

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "aktionstage.example"}
    app.test_client().get("/_root", headers=headers)
    assert seen["url"] == expected


def test_the_mappers_are_configured_when_the_app_is_created():
    """A fresh worker's first ORM request must not pay for resolving every relationship;
    checked in a new interpreter, since this one has configured them long ago."""
    probe = (
        "import config\n"
        "from actiondays import create_app\n"
        "from actiondays.extensions import db\n"
        "class C(config.TestingConfig):\n"
        "    SQLALCHEMY_DATABASE_URI = 'sqlite://'\n"
        "create_app(C)\n"
        "mappers = list(db.Model.registry.mappers)\n"
        "print(len(mappers), all(m.configured for m in mappers))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    count, configured = done.stdout.split()
    assert int(count) > 10
    assert configured == "True"
