"""One function per occasion that tells someone what happened. Each is called once by the
service that makes the change, inside its transaction, and only queues (never sends)."""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.ical import FeedMeta, build_calendar
from actiondays.mail import tokens
from actiondays.mail.outbox import queue, render, settings_for
from actiondays.models import AccountStatus, Event, MailSettings, Role, User
from actiondays.models.enums import DigestFrequency

#: Life-cycle actions the organiser hears about, and whether only when a reviewer did it.
ITEM_ACTIONS = {
    "submit": False,
    "publish": False,
    "reject": False,
    "cancel": True,
    "update": True,
}


def item_title(item) -> str:
    return getattr(item, "title", None) or getattr(item, "name", "")


def manage_url(item) -> str:
    if isinstance(item, Event):
        return url_for("manage.show_event", event_id=item.id, _external=True)
    return url_for("manage.show_project", project_id=item.id, _external=True)


def _subject(action: str, values: dict) -> str:
    title = item_title(values["item"])
    subjects = {
        "submit": _("Received: “%(title)s” is waiting for review", title=title),
        "publish": _("Approved: “%(title)s” is published", title=title),
        "reject": _("Sent back: “%(title)s” needs changes", title=title),
        "cancel": _("Cancelled: “%(title)s”", title=title),
        "update": _("Changed by the campaign office: “%(title)s”", title=title),
    }
    return subjects[action]


def _ics_attachment(event: Event) -> dict:
    url = url_for("public.show_event", event_id=event.id, _external=True)
    body = build_calendar(
        [event],
        FeedMeta(name=event.title, url=url),
        lambda e: url_for("public.show_event", event_id=e.id, _external=True),
        lambda e: [theme.name_de for theme in e.themes],
    )
    return {
        "filename": f"aktionstag-{event.id}.ics",
        "content_type": "text/calendar",
        "content": body.decode(),
    }


def _reviewers(frequency: DigestFrequency) -> list[User]:
    """Active reviewers and admins whose digest setting is `frequency` (no row = daily)."""
    rows = db.session.execute(
        select(User, MailSettings.review_digest)
        .outerjoin(MailSettings, MailSettings.user_id == User.id)
        .where(
            User.role.in_([Role.REVIEWER.value, Role.ADMIN.value]),
            User.status == AccountStatus.ACTIVE.value,
        )
        .order_by(User.id)
    ).all()
    return [user for user, digest in rows if (digest or DigestFrequency.DAILY) == frequency]


def item_changed(item, action: str, actor) -> None:
    """Tell the organiser who created `item` about `action`; reviewers who want it at once hear
    of a new submission."""
    owner = item.created_by
    by_reviewer = actor is not None and getattr(actor, "role", None) != Role.ORGANISER.value
    if action == "submit":
        for reviewer in _reviewers(DigestFrequency.IMMEDIATE):
            if reviewer.id != getattr(actor, "id", None):
                queue(
                    reviewer,
                    "review_submission",
                    lambda v: _("New submission: “%(title)s”", title=item_title(v["item"])),
                    category="digest",
                    related=item,
                    item=item,
                    review_url=url_for("review.queue", _external=True),
                )
    if owner is None or action not in ITEM_ACTIONS:
        return
    if ITEM_ACTIONS[action] and (not by_reviewer or owner.id == getattr(actor, "id", None)):
        return
    attachments = []
    if action == "publish" and isinstance(item, Event):
        attachments.append(_ics_attachment(item))
    queue(
        owner,
        f"item_{action}",
        lambda v: _subject(action, v),
        category="item_updates",
        related=item,
        attachments=attachments,
        template="item",
        item=item,
        action=action,
        is_event=isinstance(item, Event),
        item_url=manage_url(item),
    )


def account_requested(user: User) -> None:
    """A new account request: the requester confirms the address."""
    settings_for(user).locale = _current_locale()
    token = tokens.make("confirm", {"u": user.id, "e": user.email})
    queue(
        user,
        "confirm_email",
        lambda _v: _("Please confirm your email address"),
        confirm_url=url_for("auth.confirm_email", token=token, _external=True),
    )


def address_confirmed(user: User) -> None:
    """The address of an account request is confirmed: reviewers who want it hear at once."""
    for reviewer in _reviewers(DigestFrequency.IMMEDIATE):
        queue(
            reviewer,
            "review_account",
            lambda v: _("New account request from %(name)s", name=v["account"].name),
            category="digest",
            related=user,
            account=user,
            review_url=url_for("review.accounts", _external=True),
        )


def account_decided(user: User, approved: bool) -> None:
    """An account request was approved or refused."""
    queue(
        user,
        "account_approved" if approved else "account_refused",
        (lambda _v: _("Your account is active"))
        if approved
        else (lambda _v: _("Your account request was not approved")),
        template="account_decided",
        approved=approved,
        login_url=url_for("auth.login", _external=True),
    )


def _topic_label(topic: str) -> str:
    """The contact form's topic in the current (the recipient's) language."""
    return _("Report of a barrier") if topic == "barrier" else _("General question")


def contact_message(message) -> None:
    """A message from the contact form (a barrier, a question): every active admin is told."""
    admins = db.session.scalars(
        select(User).where(User.role == Role.ADMIN.value, User.status == AccountStatus.ACTIVE.value)
    ).all()
    for admin in admins:
        queue(
            admin,
            "contact_message",
            lambda v: _("New contact message: %(topic)s", topic=_topic_label(v["message"].topic)),
            related=message,
            message=message,
            topic_label=_topic_label,
            messages_url=url_for("admin.messages", _external=True),
        )


def invited(user: User, actor) -> None:
    """An admin created an account for `user`: the mail leads to choosing a password."""
    token = tokens.password_token("invite", user)
    queue(
        user,
        "invite",
        lambda _v: _("You have been invited to the action days against child poverty"),
        inviter=actor,
        set_password_url=url_for("auth.accept_invitation", token=token, _external=True),
    )


def _reset_mail(user: User) -> dict:
    token = tokens.password_token("reset", user)
    return {
        "kind": "password_reset",
        "subject": lambda _v: _("Resetting your password"),
        "reset_url": url_for("auth.reset_password", token=token, _external=True),
    }


def password_reset_requested(user: User) -> None:
    """A reset link for `user`, valid for an hour and only until the password changes."""
    queue(user, **_reset_mail(user))


def password_reset_rendered_for_nobody(email: str) -> None:
    """Render a reset mail for an address without an account and drop it (equal timing)."""
    nobody = User(id=0, email=email, name="", password_hash="")
    settings = MailSettings(user_id=0, locale=_current_locale())
    render(nobody, settings, **_reset_mail(nobody))


def password_changed(user: User) -> None:
    """After any password change: a notice, in case it was not the account holder."""
    queue(
        user,
        "password_changed",
        lambda _v: _("Your password has been changed"),
        forgot_url=url_for("auth.forgot_password", _external=True),
    )


def email_change_requested(user: User, new_email: str) -> None:
    """Confirm a new address at that address; the old address is told at the same time."""
    token = tokens.make("email", {"u": user.id, "old": user.email, "new": new_email})
    queue(
        user,
        "email_change_confirm",
        lambda _v: _("Please confirm your new email address"),
        to_address=new_email,
        new_email=new_email,
        confirm_url=url_for("auth.confirm_email_change", token=token, _external=True),
    )
    queue(
        user,
        "email_change_notice",
        lambda _v: _("A change of your email address was requested"),
        new_email=new_email,
        forgot_url=url_for("auth.forgot_password", _external=True),
    )


def _current_locale() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale else "de"
