"""Forms of the portal: contact, closing one's account."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from actiondays.web.manage.forms import options

TOPIC_LABELS = {
    "barrier": _l("A barrier on this website"),
    "question": _l("A general question or feedback"),
}


class ContactForm(FlaskForm):
    """A barrier report or a question; name and email are optional."""

    topic = RadioField(
        _l("What is your message about?"),
        choices=options(TOPIC_LABELS.items()),
        default="barrier",
        validators=[DataRequired(_l("Please choose what your message is about."))],
    )
    message = TextAreaField(
        _l("Your message"),
        validators=[
            DataRequired(_l("Please write your message.")),
            Length(max=5000, message=_l("Please use at most %(max)d characters.")),
        ],
        render_kw={"rows": 8},
    )
    page_url = StringField(
        _l("Page concerned (optional)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Please use at most %(max)d characters.")),
        ],
    )
    name = StringField(
        _l("Your name (optional)"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Please use at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Your email address (optional, if you would like an answer)"),
        validators=[
            Optional(),
            Email(_l("Please enter a valid email address.")),
            Length(max=254, message=_l("Please use at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "email"},
    )


class CloseAccountForm(FlaskForm):
    """Closing one's own account: password and an explicit confirmation."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("Yes, close my account. This cannot be undone."),
        validators=[DataRequired(_l("Please confirm that you want to close your account."))],
    )
