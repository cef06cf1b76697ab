"""Forms of the sign-in area: sign-in, account request, password change."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


def _email_field(autocomplete: str) -> EmailField:
    """The email address with the same rules wherever it is asked for."""
    return EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": autocomplete},
    )


class LoginForm(FlaskForm):
    email = _email_field("username")
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Stay signed in on this device"))


class LogoutForm(FlaskForm):
    """Empty form: sign-out is a POST with a CSRF token."""


class AccountRequestForm(FlaskForm):
    """An organiser asks for an account."""

    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Please enter a name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(_l("Please enter your organisation.")), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    email = _email_field("email")
    regions = SelectMultipleField(
        _l("Region(s) you organise events for"),
        coerce=int,
        validators=[DataRequired(_l("Please choose at least one region."))],
        render_kw={"size": 8},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(FlaskForm):
    """A signed-in user changes their own password."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
