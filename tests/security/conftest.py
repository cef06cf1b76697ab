"""Fixtures of the hardening tests."""

import pytest
from flask.testing import FlaskClient


class FreshContextClient(FlaskClient):
    """Every request in its own app context, as in production.

    The shared `app` fixture keeps one app context for the whole test, so `g` (where
    Flask-Login caches the signed-in user and Flask-WTF the CSRF token) would leak from one
    client's request into another's; tests with several clients (a copied cookie, a second
    device) need each request to start clean.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(app):
    """The application, whose test clients give every request a fresh app context."""
    previous = app.test_client_class
    app.test_client_class = FreshContextClient
    yield app
    app.test_client_class = previous


@pytest.fixture
def client(app):
    """A test client (CSRF enabled) with a fresh app context per request."""
    return app.test_client()
