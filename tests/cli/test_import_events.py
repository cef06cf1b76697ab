"""`flask import-events FILE --as EMAIL [--dry-run]`: the same checks as the web import."""

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Event
from tests.import_files import csv_bytes, row, xlsx_bytes


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_import_creates_drafts(runner, make_user, open_campaign, tmp_path):
    user = make_user()
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes([row(open_campaign.year), row(open_campaign.year, Titel="Zwei")]))
    result = runner.invoke(args=["import-events", str(path), "--as", user.email.upper()])
    assert result.exit_code == 0, result.output
    assert "Imported 2 event(s)" in result.output
    assert _events() == 2


def test_dry_run_saves_nothing(runner, make_user, open_campaign, tmp_path):
    user = make_user()
    path = tmp_path / "liste.xlsx"
    path.write_bytes(xlsx_bytes([row(open_campaign.year)]))
    result = runner.invoke(args=["import-events", str(path), "--as", user.email, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nothing was saved" in result.output
    assert _events() == 0


def test_bad_rows_fail_with_german_messages_and_save_nothing(
    runner, make_user, open_campaign, tmp_path
):
    user = make_user()
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes([row(open_campaign.year), row(open_campaign.year, PLZ="12")]))
    result = runner.invoke(args=["import-events", str(path), "--as", user.email])
    assert result.exit_code == 1
    assert "Zeile 3: PLZ: Bitte geben Sie eine fünfstellige Postleitzahl an." in result.output
    assert _events() == 0


def test_unknown_or_inactive_account_is_refused(runner, make_user, open_campaign, tmp_path):
    pending = make_user(status="pending")
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_bytes([row(open_campaign.year)]))
    for email in ("niemand@example.org", pending.email):
        result = runner.invoke(args=["import-events", str(path), "--as", email])
        assert result.exit_code == 1
        assert "no active account" in result.output
    assert _events() == 0
