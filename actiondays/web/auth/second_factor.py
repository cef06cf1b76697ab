"""Two-step sign-in pages (services/second_factor.py), all without JavaScript.

- `/login/code` and `/login/recovery`: the second step after the password. Until it succeeds
  the visitor is not signed in (web/sessions.py, `pending_sign_in`).
- `/account/two-factor`: status, new recovery codes, switching off (with the password).
- `/account/two-factor/setup`: QR code (inline SVG, rendered on the server) and the secret as
  text; a code from the app confirms it, then the recovery codes are shown once.
- `/admin/users/<id>/two-factor/reset` (web/admin/views_second_factor.py): an admin removes a
  user's second factor.
- Where SECOND_FACTOR_REQUIRED names a user's role, that user can reach nothing but the set-up
  (and sign-out, the password change, the language switch) until it is done.
"""

import logging

import segno
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from actiondays import limits
from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.services import second_factor as mfa
from actiondays.services.accounts import TooManySignInAttempts
from actiondays.web.auth import bp
from actiondays.web.auth.views import finish_sign_in
from actiondays.web.helpers import add_form_error
from actiondays.web.sessions import end_pending_sign_in, pending_sign_in

log = logging.getLogger(__name__)
SETUP_KEY = "second_factor_setup"
# Endpoints a user who must set up a second factor may still reach.
_OPEN_DURING_SETUP = {
    "auth.two_factor_setup",
    "auth.two_factor",
    "auth.logout",
    "auth.change_password",
    "static",
    "language.set_language",
}


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from your app"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=20)],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
            "size": 8,
        },
    )


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        _l("Recovery code"),
        validators=[DataRequired(_l("Please enter a recovery code.")), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"},
    )


class PasswordConfirmForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


@bp.before_app_request
def _insist_on_second_factor():
    """Where a second factor is required, nothing else opens before it is set up."""
    if (
        current_user.is_authenticated
        and not current_user.has_second_factor
        and request.endpoint not in _OPEN_DURING_SETUP
        and not current_user.must_change_password
        and mfa.is_required(current_user, current_app.config)
    ):
        flash(_("Please set up two-step sign-in before you continue."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None


def qr_svg(uri: str) -> Markup:
    """The otpauth address as an inline SVG QR code (no script, no external image)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#1b1f24", light="#ffffff", title=_("QR code for your authenticator app")
    )
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S704 - segno output


# The second step of signing in ------------------------------------------------------------------


def _second_step(form, template: str, check):
    """Shared by the code and the recovery-code page: `check(user, code)` raises WrongCode."""
    pending = pending_sign_in()
    if pending is None:
        end_pending_sign_in()
        flash(_("Please sign in with your email address and password first."), "info")
        return redirect(url_for("auth.login"))
    user, remember, next_url = pending
    status = 200
    if form.validate_on_submit():
        try:
            check(user, form.code.data)
        except TooManySignInAttempts as error:
            db.session.rollback()
            add_form_error(form, DomainError(error.message, field="code"))
            return render_template(template, form=form), 429
        except mfa.WrongCode as error:
            db.session.rollback()
            mfa.record_failure(user)
            db.session.commit()
            log.info("second factor refused for user %s", user.id)
            add_form_error(form, error)
        else:
            end_pending_sign_in()
            return finish_sign_in(user, remember, next_url)
    if form.errors:
        status = 422
    return render_template(template, form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@limits.second_factor
def second_factor():
    """After the password: the current code from the authenticator app."""
    return _second_step(CodeForm(), "security/second_factor_code.html", mfa.verify_code)


@bp.route("/login/recovery", methods=["GET", "POST"])
@limits.second_factor
def recovery_code():
    """After the password: one of the recovery codes instead of the app (each works once)."""
    return _second_step(
        RecoveryCodeForm(),
        "security/second_factor_recovery.html",
        mfa.use_recovery_code,
    )


# The account's own pages ------------------------------------------------------------------------


@bp.get("/account/two-factor")
@login_required
def two_factor():
    """Whether two-step sign-in is on; new recovery codes; switching it off."""
    user = current_user._get_current_object()
    return render_template(
        "security/second_factor.html",
        unused=mfa.unused_recovery_codes(user),
        required=mfa.is_required(user, current_app.config),
        codes_form=PasswordConfirmForm(prefix="codes"),
        disable_form=PasswordConfirmForm(prefix="disable"),
    )


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Show a new secret as QR code and text; a code from the app switches it on."""
    user = current_user._get_current_object()
    if user.has_second_factor:
        return redirect(url_for("auth.two_factor"))
    form = CodeForm()
    secret = session.get(SETUP_KEY)
    if request.method == "POST":
        if form.validate_on_submit():
            if not isinstance(secret, str):
                add_form_error(
                    form,
                    DomainError(_l("The set-up has expired. Please scan the new QR code.")),
                )
            else:
                try:
                    codes = mfa.confirm_setup(user, secret, form.code.data)
                except mfa.WrongCode as error:
                    db.session.rollback()
                    add_form_error(form, error)
                else:
                    db.session.commit()
                    session.pop(SETUP_KEY, None)
                    log.info("user %s switched on two-step sign-in", user.id)
                    flash(_("Two-step sign-in is switched on."), "success")
                    return render_template("security/recovery_codes.html", codes=codes)
    if not isinstance(secret, str):
        secret = session[SETUP_KEY] = mfa.new_secret()
    uri = mfa.provisioning_uri(user, secret)
    return render_template(
        "security/second_factor_setup.html",
        form=form,
        secret=secret,
        secret_groups=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr=qr_svg(uri),
        required=mfa.is_required(user, current_app.config),
    ), 422 if form.errors else 200


def _with_password(prefix: str, act):
    """A password-confirmed step on the status page: the form, or a rendered page on error."""
    form = PasswordConfirmForm(prefix=prefix)
    if form.validate_on_submit():
        try:
            result = act(form.password.data)
        except DomainError as error:
            db.session.rollback()
            add_form_error(form, error)
        else:
            db.session.commit()
            return result, None
    user = current_user._get_current_object()
    other = PasswordConfirmForm(prefix="disable" if prefix == "codes" else "codes")
    forms = {f"{prefix}_form": form, ("disable_form" if prefix == "codes" else "codes_form"): other}
    page = render_template(
        "security/second_factor.html",
        unused=mfa.unused_recovery_codes(user),
        required=mfa.is_required(user, current_app.config),
        **forms,
    )
    return None, (page, 422)


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_recovery_codes():
    """Replace the recovery codes (the old ones stop working)."""
    user = current_user._get_current_object()
    codes, page = _with_password("codes", lambda password: mfa.new_recovery_codes(user, password))
    if page:
        return page
    flash(_("New recovery codes have been made; the old ones no longer work."), "success")
    return render_template("security/recovery_codes.html", codes=codes)


@bp.post("/account/two-factor/disable")
@login_required
def disable_two_factor():
    """Switch two-step sign-in off, confirmed with the password and the box."""
    user = current_user._get_current_object()
    if request.form.get("confirm") != "y":
        flash(_("Nothing has been changed: please tick the box to confirm this step."), "error")
        return two_factor(), 422
    done, page = _with_password(
        "disable",
        lambda password: mfa.disable(user, password, current_app.config) or True,
    )
    if page:
        return page
    log.info("user %s switched off two-step sign-in", user.id)
    flash(_("Two-step sign-in is switched off."), "success")
    return redirect(url_for("auth.two_factor"))
