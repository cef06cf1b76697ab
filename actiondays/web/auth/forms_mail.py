"""Forms of the account pages that work through mail."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from actiondays.web.auth.forms import _email_field
from actiondays.web.manage.forms import options

DIGEST_CHOICES = options(
    [
        ("daily", _l("Once a day (digest)")),
        ("immediate", _l("At once, one mail per submission or request")),
        ("off", _l("Never")),
    ]
)
LANGUAGE_CHOICES = options([("de", "Deutsch"), ("en", "English")])


class ForgotPasswordForm(FlaskForm):
    email = _email_field("email")


class ResendConfirmationForm(FlaskForm):
    email = _email_field("email")


class NewPasswordForm(FlaskForm):
    """A new password chosen through a reset or invitation link."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a new password."))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("New email address"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Your current password"),
        validators=[DataRequired(_l("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class NotificationSettingsForm(FlaskForm):
    locale = SelectField(_l("Language of the mails"), choices=LANGUAGE_CHOICES)
    item_updates = BooleanField(_l("Mail me when my events and projects change state"))
    reminders = BooleanField(_l("Remind me of missing reports and unsubmitted drafts"))
    review_digest = SelectField(_l("New submissions and account requests"), choices=DIGEST_CHOICES)
