"""Accounts: email unique case-insensitively, password hashing."""

import pytest
from sqlalchemy.exc import IntegrityError

from actiondays.extensions import db
from actiondays.models import User


def test_email_is_stored_normalised(make_user):
    user = make_user(email="  Hanna.Lindemann@Example.ORG ")
    assert user.email == "hanna.lindemann@example.org"


def test_email_is_unique_regardless_of_case(make_user):
    make_user(email="person@example.org")
    with pytest.raises(IntegrityError):
        make_user(email="PERSON@Example.org")
    db.session.rollback()
    assert db.session.query(User).count() == 1


def test_password_is_hashed_with_argon2(make_user):
    user = make_user()
    assert user.password_hash.startswith("$argon2")
    assert user.check_password("richtig-langes-passwort")
    assert not user.check_password("falsch")


def test_only_active_accounts_count_as_active(make_user):
    assert make_user(status="active").is_active
    assert not make_user(status="pending").is_active
    assert not make_user(status="deactivated").is_active
