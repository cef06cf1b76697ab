"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, and helpers to read what it
received with the standard library's email parser."""

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from actiondays.mail.delivery import deliver_due


class Inbox:
    """aiosmtpd handler: keeps every accepted message; refuses the first `refuse` ones."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse = 0

    async def handle_DATA(self, _server, _session, envelope: Envelope) -> str:  # noqa: N802
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def clear(self) -> None:
        self.messages.clear()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app):
    """An SMTP server on 127.0.0.1 that the app delivers to for the length of one test."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield inbox
    finally:
        controller.stop()
        app.config.update(saved)


def deliver(now=None) -> tuple[int, int]:
    """Run one delivery pass, as `flask mail send` does."""
    return deliver_due(now=now)


def subject(message: EmailMessage) -> str:
    """The decoded subject (a folded encoded header starts with folding white space)."""
    return str(message["Subject"]).strip()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and the HTML part of a message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def link(message: EmailMessage, path_prefix: str) -> str:
    """The path of the first link in the text part that starts with `path_prefix`."""
    text, _html = parts(message)
    found = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", text)
    assert found, f"no link to {path_prefix} in: {text}"
    return found.group(1)
