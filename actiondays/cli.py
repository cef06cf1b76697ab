"""Command line: seed | demo | users create | import-events.

Arguments, exit codes and the commit live here."""

import sys
from datetime import date, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import Role

users_cli = AppGroup("users", help="Manage user accounts.")
feeds_cli = AppGroup("feeds", help="Maintain the calendar feed cache.")


def _fail(message) -> None:
    db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("seed")
def seed_command():
    """Load regions, themes and the historic campaigns (idempotent)."""
    from actiondays.services.reference import seed_reference_data

    result = seed_reference_data()
    db.session.commit()
    click.echo(f"Reference data: {result.created} created, {result.updated} updated.")


@click.command("demo")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Reference date for the current campaign (default: today).",
)
def demo_command(today):
    """Create deterministic German demo content (development only)."""
    from actiondays.demo import DemoExists, create_demo_data
    from actiondays.services.reference import seed_reference_data

    if not current_app.config.get("ALLOW_DEMO_DATA"):
        _fail("demo data is disabled in this configuration (production).")
    seed_reference_data()
    try:
        summary = create_demo_data(today.date() if today else date.today())
    except DemoExists:
        db.session.rollback()
        click.echo("Demo data already present; nothing changed.")
        return
    db.session.commit()
    click.echo("Demo data created: " + ", ".join(f"{v} {k}" for k, v in summary.items()))


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--region", "regions", multiple=True, help="Region slug; repeat for several.")
@click.option("--organisation", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email, name, role, regions, organisation, password_stdin):
    """Create an active account."""
    from actiondays.services.users import create_user, regions_by_slug

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            regions=regions_by_slug(list(regions)),
            organisation=organisation,
        )
    except DomainError as error:
        _fail(error.message)
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@feeds_cli.command("prune")
@click.option(
    "--days",
    default=180,
    show_default=True,
    type=click.IntRange(min=1),
    help="Forget feed states unchanged for this many days.",
)
def prune_feeds_command(days):
    """Delete cached feed states of feeds unchanged for a long time (e.g. one-off searches)."""
    from datetime import timedelta

    from actiondays.db import utcnow
    from actiondays.services.feeds import prune_feed_states

    removed = prune_feed_states(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"Removed {removed} feed states unchanged for {days} days.")


@click.command("import-events")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "email", required=True, help="Email of the account the events belong to.")
@click.option("--dry-run", is_flag=True, help="Check every row but save nothing.")
@click.option("--include-duplicates", is_flag=True, help="Import likely duplicates as well.")
def import_events_command(file, email, dry_run, include_duplicates):
    """Import events from a CSV or XLSX file (all or nothing), as drafts of the given account."""
    from pathlib import Path

    from sqlalchemy import select

    from actiondays.models import User
    from actiondays.models.event import BERLIN
    from actiondays.models.user import normalise_email
    from actiondays.services import imports
    from actiondays.services.permissions import can_use_manage_area

    actor = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if actor is None or not can_use_manage_area(actor):
        _fail(f"no active account with the email {email}")
    path = Path(file)
    today = datetime.now(BERLIN).date()
    try:
        result = imports.run_import(
            path.name,
            path.read_bytes(),
            actor,
            today=today,
            include_duplicates=include_duplicates,
        )
    except DomainError as error:
        _fail(error.message)
    for row in result.rows:
        if row.errors:
            for column, message in row.errors:
                click.echo(f"Zeile {row.number}: {imports.header_label(column)}: {message}")
        elif row.duplicate:
            click.echo(f"Zeile {row.number}: mögliches Duplikat")
    if result.has_errors:
        _fail(f"{result.error_count} row(s) with errors; nothing was imported.")
    if dry_run:
        db.session.rollback()
        click.echo(
            f"Dry run: {len(result.rows)} row(s) valid, {result.duplicate_count} likely "
            "duplicate(s); nothing was saved."
        )
        return
    db.session.commit()
    click.echo(f"Imported {result.created} event(s) as drafts; skipped {result.skipped}.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path):
    """Write every table to PATH (JSON; gzip when PATH ends in .gz)."""
    from actiondays import backup

    document = backup.dump()
    db.session.rollback()
    backup.write(path, document)
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(f"Backed up {rows} row(s) of {len(document['tables'])} table(s) to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database's content without asking.")
@with_appcontext
def restore_command(path, yes):
    """Replace every table's content with the backup at PATH (same schema revision)."""
    from actiondays import backup

    if not yes:
        click.confirm("This replaces ALL data in the database. Continue?", abort=True)
    try:
        counts = backup.load(backup.read(path))
    except backup.BackupError as error:
        db.session.rollback()
        _fail(str(error))
    db.session.commit()
    click.echo(f"Restored {sum(counts.values())} row(s) of {len(counts)} table(s) from {path}.")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what is due but delete nothing.")
def purge_command(dry_run):
    """Delete what the privacy statement promises to delete (safe for cron, idempotent)."""
    from actiondays.db import utcnow
    from actiondays.services.portal.retention import purge

    config = current_app.config
    result = purge(
        utcnow(),
        pending_days=config["PENDING_ACCOUNT_RETENTION_DAYS"],
        contact_days=config["CONTACT_RETENTION_DAYS"],
    )
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    click.echo(
        ("Due" if dry_run else "Purged")
        + f": {result.pending_accounts} pending account request(s), "
        f"{result.sign_in_failures} sign-in failure(s), {result.form_tokens} form token(s), "
        f"{result.contact_messages} contact message(s)."
    )


def register_cli(app: Flask) -> None:
    """Attach the commands to `flask --app actiondays`."""
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(feeds_cli)
    app.cli.add_command(import_events_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    from actiondays.mail.cli import mail_cli

    app.cli.add_command(mail_cli)
    app.cli.add_command(purge_command)
