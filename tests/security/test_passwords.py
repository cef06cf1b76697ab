"""Passwords: at least 12 characters and none of the common ones; /register answers in the
same time whether or not the address has an account."""

import statistics
import time

import pytest
from sqlalchemy import func, select
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from actiondays.extensions import db
from actiondays.models import User
from actiondays.services.passwords import is_common
from tests.conftest import csrf_token, html, region, text_of

LONG_COMMON = next(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12)


def _register(client, email, password):
    token = csrf_token(client.get("/register"))
    return client.post(
        "/register",
        data={
            "csrf_token": token,
            "name": "Petra Neu",
            "organisation": "Kinderschutzbund",
            "email": email,
            "regions": [str(region("region-hannover").id)],
            "password": password,
            "confirm": password,
        },
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", "mindestens 12 Zeichen"),
        ("elf-zeichen", "mindestens 12 Zeichen"),
        ("123456789012", "häufigsten Passwörtern"),
        ("aaaaaaaaaaaaaaa", "häufigsten Passwörtern"),
        ("ABCDEFGHIJKLM", "häufigsten Passwörtern"),
        (LONG_COMMON, "häufigsten Passwörtern"),
    ],
)
def test_weak_passwords_are_refused_with_a_clear_message(client, seeded, password, message):
    response = _register(client, "petra@example.org", password)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_long_uncommon_password_is_accepted():
    assert not is_common("Kinderarmut-geht-uns-alle-an")


def test_register_takes_the_same_time_for_existing_and_new_addresses(client, make_user):
    make_user(email="bestand@example.org")
    existing, new = [], []
    for index in range(4):
        started = time.perf_counter()
        assert _register(client, "bestand@example.org", "ein-gutes-passwort-7").status_code == 302
        existing.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = _register(client, f"neu{index}@example.org", "ein-gutes-passwort-7")
        assert response.status_code == 302
        new.append(time.perf_counter() - started)
    # Hashing dominates both answers; before, the existing address answered 4-10x faster.
    assert statistics.median(existing) > 0.6 * statistics.median(new)
