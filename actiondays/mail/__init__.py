"""Mail: the outbox, its rendering and its delivery.

- `outbox.queue()` renders a mail from `templates/mail/<kind>.txt` and `.html` (one context, the
  recipient's language) and adds an `OutboxMail` row to the current transaction; it never
  commits, so a change and its mail commit together or not at all.
- `delivery.deliver_due()` claims due rows atomically (UPDATE … RETURNING, on PostgreSQL with
  FOR UPDATE SKIP LOCKED), sends them with Flask-Mailman and records the outcome, with retries
  and backoff. `flask mail send` runs it from cron; in the embedded default it also runs right
  after a request that queued mail.
- `notify` holds one function per occasion, called once from the services that change state;
  `reminders` holds the periodic work (`flask mail remind`).
"""

from flask import Flask, current_app, g
from flask_mailman import Mail

mail = Mail()


def init_app(app: Flask) -> None:
    """Bind Flask-Mailman and, where configured, deliver right after requests that queued mail."""
    mail.init_app(app)

    @app.after_request
    def _deliver_after_request(response):
        if g.pop("mail_queued", False) and app.config.get("MAIL_DELIVER_AFTER_REQUEST"):
            response.call_on_close(_deliver_in_new_context(current_app._get_current_object()))
        return response


def _deliver_in_new_context(app: Flask):
    def run() -> None:
        from actiondays.mail.delivery import deliver_due

        with app.app_context():
            deliver_due()

    return run
