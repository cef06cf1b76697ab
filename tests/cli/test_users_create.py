"""`flask users create`: accounts from the command line, with clear errors."""

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import User

ARGS = ["users", "create", "--email", "Orga@Example.org", "--name", "Olga Organisiert"]


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_create_organiser_with_regions(runner, seeded):
    result = runner.invoke(
        args=[
            *ARGS,
            "--role",
            "organiser",
            "--region",
            "region-hannover",
            "--region",
            "emden",
            "--password-stdin",
        ],
        input="ein-sicheres-passwort\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "orga@example.org"
    assert sorted(r.slug for r in user.regions) == ["emden", "region-hannover"]
    assert user.is_active
    assert user.check_password("ein-sicheres-passwort")


def test_create_prompts_for_the_password(runner, seeded):
    result = runner.invoke(
        args=[*ARGS, "--role", "reviewer"], input="ein-sicheres-passwort\nein-sicheres-passwort\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).role == "reviewer"


def test_unknown_role_is_refused(runner, seeded):
    result = runner.invoke(
        args=[*ARGS, "--role", "boss", "--password-stdin"], input="ein-sicheres-passwort\n"
    )
    assert result.exit_code == 2
    assert "boss" in result.output
    assert _users() == 0


def test_unknown_region_is_refused(runner, seeded):
    result = runner.invoke(
        args=[*ARGS, "--role", "organiser", "--region", "atlantis", "--password-stdin"],
        input="ein-sicheres-passwort\n",
    )
    assert result.exit_code == 1
    assert "Unbekannte Region: atlantis" in result.output
    assert _users() == 0


def test_duplicate_email_is_refused_case_insensitively(runner, seeded):
    first = runner.invoke(
        args=[*ARGS, "--role", "reviewer", "--password-stdin"], input="ein-sicheres-passwort\n"
    )
    assert first.exit_code == 0
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "ORGA@example.org",
            "--name",
            "Zweite",
            "--role",
            "reviewer",
            "--password-stdin",
        ],
        input="ein-sicheres-passwort\n",
    )
    assert result.exit_code == 1
    assert "bereits ein Konto" in result.output
    assert _users() == 1


@pytest.mark.parametrize(
    ("extra", "password", "message"),
    [
        (["--role", "organiser"], "ein-sicheres-passwort", "mindestens eine Region"),
        (["--role", "reviewer"], "kurz", "mindestens 12 Zeichen"),
    ],
)
def test_invalid_accounts_are_refused(runner, seeded, extra, password, message):
    result = runner.invoke(args=[*ARGS, *extra, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1
    assert message in result.output
    assert _users() == 0
