"""Sign-in and sign-out views."""

import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from actiondays import limits
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.services import permissions, second_factor
from actiondays.services.accounts import (
    TooManySignInAttempts,
    WrongCredentials,
    authenticate,
    record_failed_sign_in,
)
from actiondays.web.auth import bp
from actiondays.web.auth.forms import LoginForm, LogoutForm
from actiondays.web.helpers import add_form_error, safe_next_url
from actiondays.web.sessions import end_session, start_pending_sign_in, start_session

log = logging.getLogger(__name__)


def home_url_for(user) -> str:
    """Where a user lands after signing in when no `next` was given: their working area."""
    if permissions.is_admin(user):
        return url_for("admin.index")
    if permissions.is_reviewer(user):
        return url_for("review.queue")
    if permissions.is_organiser(user):
        return url_for("manage.dashboard")
    return url_for("public.index")


@bp.route("/login", methods=["GET", "POST"])
@limits.sign_in
def login():
    """Sign in with email and password; `next` may only be a local path."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except DomainError as error:
            if isinstance(error, WrongCredentials):
                # Recorded in the same transaction as the check (nothing else was written), so
                # the per-address lock holds until the failure is counted.
                record_failed_sign_in(form.email.data)
                db.session.commit()
            else:
                db.session.rollback()
            add_form_error(form, error)
            log.info("sign-in refused for %s", form.email.data)
            status = 429 if isinstance(error, TooManySignInAttempts) else 422
            return render_template("auth/login.html", form=form), status
        next_url = request.args.get("next")
        if user.has_second_factor:
            # Not signed in yet: the password was right, a code from the app must follow.
            start_pending_sign_in(user, form.remember.data, next_url)
            db.session.commit()
            return redirect(url_for("auth.second_factor"))
        return finish_sign_in(user, form.remember.data, next_url)
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def finish_sign_in(user, remember: bool, next_url: str | None):
    """Sign in for real (after the password, and the second factor where one is set up)."""
    start_session(user, remember=remember)
    db.session.commit()
    log.info("signed in: %s", user.email)
    flash(_("You are signed in."), "success")
    if user.must_change_password:
        flash(_("Please choose a new password before you continue."), "info")
        return redirect(url_for("auth.change_password"))
    if not user.has_second_factor and second_factor.is_required(user, current_app.config):
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(safe_next_url(next_url) if next_url else home_url_for(user))


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token, so no link can sign anyone out)."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        end_session(current_user._get_current_object())
        db.session.commit()
        flash(_("You are signed out."), "success")
    return redirect(url_for("public.index"))
