"""Forms of the admins' area: accounts, campaigns, themes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import DateInput, NumberInput

from actiondays.models import Role
from actiondays.spec import Field
from actiondays.web.manage.forms import ParsedField, options

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


def _date(label) -> ParsedField:
    """A date typed as TT.MM.JJJJ or ISO, read by the shared date parser."""
    return ParsedField(
        label, [Optional()], spec_field=Field("date", "date", label), widget=DateInput()
    )


class CampaignForm(FlaskForm):
    """Title, motto and the windows of a campaign."""

    title = StringField(_l("Title"))
    motto = StringField(_l("Motto"))
    registration_opens_on = _date(_l("Registration opens on"))
    registration_closes_on = _date(_l("Registration closes on"))
    action_starts_on = _date(_l("Action period starts on"))
    action_ends_on = _date(_l("Action period ends on"))


class ThemeForm(FlaskForm):
    """A theme of events and projects."""

    slug = StringField(_l("Short name (in addresses)"))
    name_de = StringField(_l("Name in German"))
    name_en = StringField(_l("Name in English"))
    position = ParsedField(
        _l("Position"),
        [Optional()],
        spec_field=Field("position", "integer", _l("Position")),
        widget=NumberInput(),
    )
