"""Command line: seed | demo | users create. Arguments, exit codes and the commit live here."""

import sys
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from actiondays.extensions import db
from actiondays.models import Role
from actiondays.services.errors import DomainError

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
    from actiondays.services.demo import DemoExists, create_demo_data
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


def register_cli(app: Flask) -> None:
    """Attach the commands to `flask --app actiondays`."""
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(feeds_cli)
