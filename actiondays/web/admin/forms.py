"""Forms of the admins' area: accounts, campaigns, themes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from actiondays.models import Role
from actiondays.spec.parsers import BAD_DATE, BAD_NUMBER
from actiondays.web.manage.forms import options

ROLE_LABELS = {
    Role.ORGANISER.value: _l("Event organiser"),
    Role.REVIEWER.value: _l("Reviewer (campaign office)"),
    Role.ADMIN.value: _l("Administrator"),
}


class UserForm(FlaskForm):
    """Name, organisation, role and regions of an account."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=120)]
    )
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()), validate_choice=False)
    regions = SelectMultipleField(
        _l("Regions"), coerce=int, validate_choice=False, render_kw={"size": 8}
    )


class TemporaryPasswordForm(FlaskForm):
    """A temporary password the user must change at the next sign-in."""

    password = PasswordField(
        _l("Temporary password"),
        validators=[DataRequired(_l("Please enter a temporary password."))],
        render_kw={"autocomplete": "new-password"},
    )


class ButtonForm(FlaskForm):
    """A state-changing button: CSRF only."""


class CampaignForm(FlaskForm):
    """Title, motto and the windows of a campaign."""

    title = StringField(_l("Title"))
    motto = StringField(_l("Motto"))
    registration_opens_on = DateField(
        _l("Registration opens on"), validators=[Optional()], invalid_value_message=BAD_DATE
    )
    registration_closes_on = DateField(
        _l("Registration closes on"), validators=[Optional()], invalid_value_message=BAD_DATE
    )
    action_starts_on = DateField(
        _l("Action period starts on"), validators=[Optional()], invalid_value_message=BAD_DATE
    )
    action_ends_on = DateField(
        _l("Action period ends on"), validators=[Optional()], invalid_value_message=BAD_DATE
    )


class ThemeForm(FlaskForm):
    """A theme of events and projects."""

    slug = StringField(_l("Short name (in addresses)"))
    name_de = StringField(_l("Name in German"))
    name_en = StringField(_l("Name in English"))
    position = IntegerField(
        _l("Position"), validators=[Optional()], invalid_value_message=BAD_NUMBER
    )
