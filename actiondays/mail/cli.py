"""`flask mail send` (deliver what is due, then exit; for cron) and `flask mail remind`
(queue reminders and digests that are due; safe to run every few minutes)."""

from datetime import UTC, datetime, time

import click
from flask.cli import AppGroup

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models.event import BERLIN

mail_cli = AppGroup("mail", help="Deliver queued mail and queue reminders.")


@mail_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after this many.")
def send_command(limit):
    """Deliver every queued mail that is due, with retries and backoff, then exit."""
    from actiondays.mail.delivery import deliver_due

    sent, failed = deliver_due(limit=limit)
    click.echo(f"Mail: {sent} sent, {failed} failed attempt(s).")


@mail_cli.command("remind")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this day (noon, Berlin time); default: now.",
)
def remind_command(today):
    """Queue report reminders, draft reminders and reviewer digests that are due (once each)."""
    from actiondays.mail.reminders import run_all

    now = datetime.combine(today.date(), time(12), BERLIN).astimezone(UTC) if today else utcnow()
    counts = run_all(now)
    db.session.commit()
    click.echo("Queued: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
