"""Account pages that work through mail: forgotten password, address confirmation,
invitations, changing the address, notification settings and one-click unsubscribe."""

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from actiondays import limits
from actiondays.errors import DomainError
from actiondays.extensions import csrf, db
from actiondays.mail import accounts as mail_accounts
from actiondays.mail.outbox import CATEGORIES, settings_for
from actiondays.mail.tokens import InvalidToken
from actiondays.models import AccountStatus, User
from actiondays.models.user import normalise_email
from actiondays.services import permissions
from actiondays.web.auth import bp
from actiondays.web.auth.forms_mail import (
    ChangeEmailForm,
    ForgotPasswordForm,
    NewPasswordForm,
    NotificationSettingsForm,
    ResendConfirmationForm,
)
from actiondays.web.manage.common import save_form

log = logging.getLogger(__name__)
MAX_TOKEN_LENGTH = 1000


def _invalid_link(kind: str):
    """400 with a plain explanation and the way to a new link."""
    db.session.rollback()
    return render_template("mail/pages/invalid_link.html", kind=kind), 400


def _checked_token(token: str) -> str:
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("too long")
    return token


@bp.route("/password/forgot", methods=["GET", "POST"])
@limits.password_reset
def forgot_password():
    """Ask for a reset link; the answer is the same for every address."""
    form = ForgotPasswordForm()
    done, status = save_form(
        form,
        lambda: mail_accounts.request_password_reset(form.email.data),
        _(
            "If an active account exists for this address, we have sent a link to it. The "
            "link is valid for one hour."
        ),
        lambda _result: url_for("auth.login"),
    )
    return done or (render_template("mail/pages/forgot_password.html", form=form), status)


def _password_page(token: str, load, action: str, kind: str, message: str):
    try:
        user = load(_checked_token(token))
    except InvalidToken:
        return _invalid_link(kind)
    form = NewPasswordForm()
    done, status = save_form(
        form,
        lambda: mail_accounts.set_password_from_token(user, form.password.data, action),
        message,
        lambda _result: url_for("auth.login"),
    )
    return done or (
        render_template("mail/pages/new_password.html", form=form, user=user, kind=kind),
        status,
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through the link from the reset mail (1 hour, once)."""
    return _password_page(
        token,
        mail_accounts.user_for_reset,
        "reset_password",
        "reset",
        _("Your password has been changed. You can sign in with it now."),
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Choose the first password of an account an admin created (7 days, once)."""
    return _password_page(
        token,
        mail_accounts.user_for_invitation,
        "accept_invitation",
        "invite",
        _("Welcome! Your password is set. You can sign in now."),
    )


@bp.get("/account/confirm/<token>")
def confirm_email(token: str):
    """Confirm the address of an account request from the link in the mail."""
    try:
        user = mail_accounts.confirm_email(_checked_token(token))
    except InvalidToken:
        return _invalid_link("confirm")
    db.session.commit()
    if user.status == AccountStatus.PENDING:
        flash(
            _(
                "Thank you, your email address is confirmed. You can sign in as soon as the "
                "campaign office has approved your request."
            ),
            "success",
        )
    else:
        flash(_("Thank you, your email address is confirmed."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/confirm", methods=["GET", "POST"])
def resend_confirmation():
    """A new confirmation link for a pending account request; the same answer for any address."""
    form = ResendConfirmationForm()

    def resend():
        user = db.session.scalar(
            db.select(User).where(User.email == normalise_email(form.email.data))
        )
        if (
            user is not None
            and user.status == AccountStatus.PENDING
            and not mail_accounts.is_email_confirmed(user)
        ):
            from actiondays.mail import notify

            notify.account_requested(user)

    done, status = save_form(
        form,
        resend,
        _(
            "If a request waiting for confirmation exists for this address, a new link is on "
            "its way."
        ),
        lambda _result: url_for("auth.login"),
    )
    return done or (render_template("mail/pages/resend_confirmation.html", form=form), status)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask to change one's own address; it changes once confirmed at the new address."""
    form = ChangeEmailForm()
    done, status = save_form(
        form,
        lambda: mail_accounts.request_email_change(
            current_user, form.email.data, form.password.data
        ),
        _(
            "We have sent a link to the new address. Your address changes once you have "
            "followed it."
        ),
        lambda _result: url_for("auth.notification_settings"),
    )
    return done or (render_template("mail/pages/change_email.html", form=form), status)


@bp.get("/account/email/confirm/<token>")
def confirm_email_change(token: str):
    """Switch to the new address from the link sent to it."""
    try:
        mail_accounts.confirm_email_change(_checked_token(token))
    except InvalidToken:
        return _invalid_link("email")
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("auth.login"))
    db.session.commit()
    flash(_("Your new email address is confirmed and in use."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def notification_settings():
    """Which mails one receives, how often, and in which language."""
    settings = settings_for(current_user)
    form = NotificationSettingsForm(obj=settings)
    is_reviewer = permissions.can_use_review_area(current_user)
    if not is_reviewer:
        del form.review_digest  # only reviewers get the digest
    done, status = save_form(
        form,
        lambda: mail_accounts.update_settings(
            current_user,
            locale=form.locale.data,
            review_digest=form.review_digest.data if is_reviewer else settings.review_digest,
            item_updates=form.item_updates.data,
            reminders=form.reminders.data,
        ),
        _("Your notification settings have been saved."),
        lambda _result: url_for("auth.notification_settings"),
    )
    if request.method == "GET":
        db.session.commit()  # the settings row created on first visit
    return done or (
        render_template("mail/pages/notifications.html", form=form, is_reviewer=is_reviewer),
        status,
    )


@bp.route("/mail/unsubscribe/<token>/<category>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail clients POST without a token of ours
def unsubscribe(token: str, category: str):
    """One-click unsubscribe from one kind of optional mail (RFC 8058)."""
    settings = mail_accounts.settings_by_unsubscribe_token(token)
    if settings is None or category not in CATEGORIES:
        abort(404)
    if request.method == "POST":
        mail_accounts.unsubscribe(settings, category)
        db.session.commit()
        return render_template("mail/pages/unsubscribed.html", category=category, done=True)
    return render_template("mail/pages/unsubscribed.html", category=category, done=False)
