"""Forms of the organisers' area. Forms parse values; the services check the rules."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from actiondays.models import EventKind
from actiondays.models.event import EVENT_KIND_LABELS
from actiondays.services.events import (
    BAD_DATE,
    BAD_DECIMAL,
    BAD_NUMBER,
    BAD_TIME,
    TEXT_FIELDS,
    EventData,
)
from actiondays.services.reports import ReportData


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as choices; None becomes the empty value."""
    return [SelectChoice("" if value is None else value, label) for value, label in pairs]


def optional_int(value):
    """Select values: '' means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


class Marked:
    """Marks a field as required for the label; the service checks the rule itself."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


class CheckboxesField(SelectMultipleField):
    """Several checkboxes; rendered as a fieldset by the template."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EventForm(FlaskForm):
    """Action days and ideas workshops: one form for both kinds."""

    version = HiddenField()
    form_token = HiddenField()
    kind = RadioField(
        _l("Kind of event"),
        choices=options((k.value, EVENT_KIND_LABELS[k]) for k in EventKind),
        default=EventKind.ACTION_DAY.value,
        validate_choice=False,
    )
    campaign_id = SelectField(
        _l("Campaign"), coerce=optional_int, validate_choice=False, validators=[Marked()]
    )
    region_id = SelectField(_l("Region"), coerce=optional_int, validate_choice=False)
    title = StringField(_l("Title"), validators=[Marked()])
    summary = TextAreaField(_l("Short summary"), render_kw={"rows": 2})
    description = TextAreaField(_l("Description"), render_kw={"rows": 8})
    themes = CheckboxesField(_l("Themes"), coerce=int, validate_choice=False)
    is_all_day = BooleanField(_l("All-day event"))
    allow_duplicate = BooleanField(_l("Save anyway: this is a different event"))
    start_date = DateField(
        _l("First day"), validators=[Optional(), Marked()], invalid_value_message=BAD_DATE
    )
    start_time = TimeField(
        _l("Start time"), validators=[Optional()], invalid_value_message=BAD_TIME
    )
    end_date = DateField(_l("Last day"), validators=[Optional()], invalid_value_message=BAD_DATE)
    end_time = TimeField(_l("End time"), validators=[Optional()], invalid_value_message=BAD_TIME)
    venue_name = StringField(_l("Venue"), validators=[Marked()])
    venue_street = StringField(_l("Street and number"))
    venue_postal_code = StringField(
        _l("Postal code"), validators=[Marked()], render_kw={"inputmode": "numeric"}
    )
    venue_city = StringField(_l("Town or city"), validators=[Marked()])
    latitude = FloatField(
        _l("Latitude"), validators=[Optional()], invalid_value_message=BAD_DECIMAL
    )
    longitude = FloatField(
        _l("Longitude"), validators=[Optional()], invalid_value_message=BAD_DECIMAL
    )
    organisation = StringField(_l("Organising organisation"), validators=[Marked()])
    contact_name = StringField(_l("Contact person"))
    contact_email = StringField(_l("Contact email"), render_kw={"type": "email"})
    contact_phone = StringField(_l("Contact phone"), render_kw={"type": "tel"})
    target_age_min = IntegerField(
        _l("Age from"), validators=[Optional()], invalid_value_message=BAD_NUMBER
    )
    target_age_max = IntegerField(
        _l("Age to"), validators=[Optional()], invalid_value_message=BAD_NUMBER
    )
    target_audience = StringField(_l("Target group"))
    accessibility = TextAreaField(_l("Accessibility"), render_kw={"rows": 3})
    cost = StringField(_l("Cost"))
    registration_url = StringField(_l("Registration link"), render_kw={"type": "url"})
    project_id = SelectField(
        _l("Participating project"), coerce=optional_int, validate_choice=False
    )

    def new_token(self) -> None:
        self.form_token.data = str(uuid.uuid4())

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None

    def to_data(self) -> EventData:
        """The submitted values as plain data for the service."""
        text = {name: (self[name].data or "") for name in TEXT_FIELDS}
        return EventData(
            kind=self.kind.data or "",
            campaign_id=self.campaign_id.data,
            region_id=self.region_id.data,
            project_id=self.project_id.data,
            theme_ids=list(self.themes.data or []),
            is_all_day=bool(self.is_all_day.data),
            start_date=self.start_date.data,
            start_time=self.start_time.data,
            end_date=self.end_date.data,
            end_time=self.end_time.data,
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            target_age_min=self.target_age_min.data,
            target_age_max=self.target_age_max.data,
            **text,
        )

    def fill(self, data: EventData) -> None:
        """Pre-fill from stored values (GET of the edit page)."""
        for name in (
            "kind",
            "campaign_id",
            "region_id",
            "project_id",
            "is_all_day",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "latitude",
            "longitude",
            "target_age_min",
            "target_age_max",
        ):
            self[name].data = getattr(data, name)
        self.themes.data = list(data.theme_ids)
        for name in TEXT_FIELDS:
            self[name].data = getattr(data, name)


class ActionForm(FlaskForm):
    """A button that changes state: CSRF only."""


class ConfirmForm(FlaskForm):
    """A button whose effect is hard to undo (delete, withdraw): a ticked box confirms it, so
    the confirmation step works without JavaScript."""

    confirm = BooleanField(_l("Yes, I am sure"))


class ReasonForm(FlaskForm):
    """Cancel or reject: a reason is required (the model says so)."""

    reason = TextAreaField(_l("Reason"), validators=[Marked()], render_kw={"rows": 3})


class ReportForm(FlaskForm):
    """The post-event report."""

    participants = IntegerField(
        _l("Participants"), validators=[Optional()], invalid_value_message=BAD_NUMBER
    )
    children_reached = IntegerField(
        _l("Children and young people reached"),
        validators=[Optional()],
        invalid_value_message=BAD_NUMBER,
    )
    volunteers = IntegerField(
        _l("Volunteers"), validators=[Optional()], invalid_value_message=BAD_NUMBER
    )
    partner_organisations = IntegerField(
        _l("Partner organisations involved"),
        validators=[Optional()],
        invalid_value_message=BAD_NUMBER,
    )
    partner_names = TextAreaField(_l("Names of the partner organisations"), render_kw={"rows": 3})
    outcome = TextAreaField(_l("Outcome"), validators=[Marked()], render_kw={"rows": 5})
    continues = RadioField(
        _l("Will it go on?"),
        choices=options([("yes", _l("Yes")), ("no", _l("No")), ("", _l("Not known yet"))]),
        default="",
        validate_choice=False,
    )

    def to_data(self) -> ReportData:
        """The submitted values as plain data for the service."""
        return ReportData(
            participants=self.participants.data,
            children_reached=self.children_reached.data,
            volunteers=self.volunteers.data,
            partner_organisations=self.partner_organisations.data,
            partner_names=self.partner_names.data or "",
            outcome=self.outcome.data or "",
            continues={"yes": True, "no": False}.get(self.continues.data),
        )


class ProjectForm(FlaskForm):
    """A participating project."""

    updated_at = HiddenField()
    form_token = HiddenField()
    name = StringField(_l("Name of the project"), validators=[Marked()])
    organisation = StringField(_l("Organisation"), validators=[Marked()])
    region_id = SelectField(
        _l("Region"), coerce=optional_int, validate_choice=False, validators=[Marked()]
    )
    themes = CheckboxesField(_l("Themes"), coerce=int, validate_choice=False)
    description = TextAreaField(_l("Description"), render_kw={"rows": 8})
    website = StringField(_l("Website"), render_kw={"type": "url"})
    target_group = StringField(_l("Target group"))
    campaign_ids = CheckboxesField(_l("Campaign years"), coerce=int, validate_choice=False)
    partners = TextAreaField(_l("Partner organisations"), render_kw={"rows": 4})
    continues_after_campaign = RadioField(
        _l("Does the project continue after the campaign?"),
        choices=options([("yes", _l("Yes")), ("no", _l("No")), ("", _l("Not known yet"))]),
        default="",
        validate_choice=False,
    )
    sustainability_note = TextAreaField(_l("How does it continue?"), render_kw={"rows": 4})

    def new_token(self) -> None:
        self.form_token.data = str(uuid.uuid4())

    def to_data(self):
        from actiondays.services.projects import ProjectData

        return ProjectData(
            name=self.name.data or "",
            organisation=self.organisation.data or "",
            region_id=self.region_id.data,
            theme_ids=list(self.themes.data or []),
            description=self.description.data or "",
            website=self.website.data or "",
            target_group=self.target_group.data or "",
            campaign_ids=list(self.campaign_ids.data or []),
            partners=[line.strip() for line in (self.partners.data or "").splitlines()],
            continues_after_campaign={"yes": True, "no": False}.get(
                self.continues_after_campaign.data
            ),
            sustainability_note=self.sustainability_note.data or "",
        )

    def fill(self, data) -> None:
        for name in ("name", "organisation", "region_id", "description", "website"):
            self[name].data = getattr(data, name)
        self.target_group.data = data.target_group
        self.themes.data = list(data.theme_ids)
        self.campaign_ids.data = list(data.campaign_ids)
        self.partners.data = "\n".join(data.partners)
        self.continues_after_campaign.data = {True: "yes", False: "no"}.get(
            data.continues_after_campaign, ""
        )
        self.sustainability_note.data = data.sustainability_note


class ImportUploadForm(FlaskForm):
    """Step 1 of the bulk import: the file."""

    file = FileField(_l("CSV or Excel file"), validators=[Marked()])


class ImportCommitForm(FlaskForm):
    """Step 2: the same file again (carried in the page, so no server-side state), and whether
    likely duplicates should be imported as well."""

    filename = HiddenField()
    payload = HiddenField()
    include_duplicates = BooleanField(_l("Import rows flagged as likely duplicates as well"))
