"""Forms of the admin area's portal pages: page texts, video, accounts, regions, campaigns."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import DateInput, HiddenInput

from actiondays.models import RegionKind
from actiondays.spec import Field
from actiondays.web.admin.forms import ROLE_LABELS, CampaignForm
from actiondays.web.manage.forms import ParsedField, options

REGION_KIND_LABELS = {
    RegionKind.DISTRICT.value: _l("District"),
    RegionKind.INDEPENDENT_CITY.value: _l("Independent city"),
    RegionKind.REGION.value: _l("Region (association of municipalities)"),
}


def _date(label) -> ParsedField:
    """A date typed as TT.MM.JJJJ or ISO, read by the shared date parser (as in the import)."""
    return ParsedField(
        label, [Optional()], spec_field=Field("date", "date", label), widget=DateInput()
    )


def _optional_id(value) -> int | None:
    """A select's value as an id; the empty option and anything that is no INTEGER id (a
    tampered form) are None, so the service answers with its own clear message."""
    if isinstance(value, int):
        return value
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


class PageForm(FlaskForm):
    """A legal or trust page: title and Markdown text; the version it started from."""

    title = StringField(_l("Title"))
    body = TextAreaField(_l("Text (Markdown)"), render_kw={"rows": 24})
    based_on = IntegerField(validators=[Optional()], widget=HiddenInput())


class VideoForm(FlaskForm):
    """The sign language video on /leichte-sprache: a file on this site."""

    video = StringField(_l("Address of the sign language video"))


class NewUserForm(FlaskForm):
    """An account created by an admin, with a temporary password."""

    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Please enter an email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Please enter a name.")), Length(max=120)]
    )
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()), validate_choice=False)
    regions = SelectMultipleField(
        _l("Regions"), coerce=_optional_id, validate_choice=False, render_kw={"size": 8}
    )
    password = PasswordField(
        _l("Temporary password"),
        validators=[DataRequired(_l("Please enter a temporary password."))],
        render_kw={"autocomplete": "new-password"},
    )


class RegionForm(FlaskForm):
    """A new region."""

    ags = StringField(_l("AGS key"))
    name = StringField(_l("Name"))
    slug = StringField(_l("Short name (in addresses)"))
    kind = SelectField(
        _l("Kind"), choices=options(REGION_KIND_LABELS.items()), validate_choice=False
    )
    valid_from = _date(_l("Valid from"))
    valid_to = _date(_l("Valid until"))


class EndValidityForm(FlaskForm):
    """The last day a region exists."""

    valid_to = _date(_l("Last day of validity"))


class MergerForm(FlaskForm):
    """Predecessors → successor on a day."""

    predecessors = SelectMultipleField(
        _l("Regions that are merged"),
        coerce=_optional_id,
        validate_choice=False,
        render_kw={"size": 8},
    )
    successor = SelectField(_l("Region that continues"), coerce=_optional_id, validate_choice=False)
    merged_on = _date(_l("Day of the merger"))


class CampaignSettingsForm(CampaignForm):
    """Everything the public sees of a campaign: the windows plus introduction and announcement."""

    intro_text = TextAreaField(
        _l("Introduction on the start page (Markdown)"), render_kw={"rows": 6}
    )
    is_announced = BooleanField(_l("Announced: show this campaign on the public pages"))
