"""Forms of the organisers' area. Forms parse values; the services check the rules."""

import uuid
from datetime import date, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import (
    CheckboxInput,
    DateInput,
    ListWidget,
    NumberInput,
    TextInput,
    TimeInput,
)

from actiondays.services.events import EventData
from actiondays.services.projects import ProjectData
from actiondays.services.reports import ReportData
from actiondays.spec import Field
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.parsers import (
    BAD_CHOICE,
    ParseError,
    parse_id,
    parse_integer,
    parse_text,
)
from actiondays.spec.projects import PROJECT_FIELDS
from actiondays.spec.reports import REPORT_FIELDS


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as choices; None becomes the empty value."""
    return [SelectChoice("" if value is None else value, label) for value, label in pairs]


def optional_int(value):
    """Select values: '' means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


def optional_id(value):
    """Select values of ids: '' means none; anything else must be an id in INTEGER's range."""
    if value in (None, "", "None"):
        return None
    return parse_id(value)


def parse_version(value) -> int | None:
    """The hidden `version` of an edit form: None when absent (nothing to compare); anything but
    a plain number in INTEGER range can never match, so a tampered value is a stale edit (409)."""
    if not value:
        return None
    value = str(value)  # the form's own default (no hidden field posted) is the stored int
    if not (value.isascii() and value.isdecimal() and len(value) <= 9):
        return -1
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


class ParsedField(StringField):
    """A typed value read by the spec's parser for its kind, the same parser as the import's;
    an unreadable value keeps what was typed and gets the parser's message."""

    def __init__(self, label=None, validators=None, *, spec_field: Field, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.spec_field = spec_field

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = None
            try:
                self.data = self.spec_field.parse(valuelist[0])
            except ParseError as error:
                raise ValueError(error.message) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        if isinstance(self.data, time):
            return self.data.strftime("%H:%M")
        if isinstance(self.data, date):
            return self.data.isoformat()
        return str(self.data)


class NoControlCharacters:
    """Free text must not hold control characters (the shared text parser's rule)."""

    def __call__(self, form, field):
        try:
            parse_text(field.data or "")
        except ParseError as error:
            raise ValidationError(error.message) from None


_WIDGETS = {
    "date": DateInput(),
    "time": TimeInput(),
    "integer": NumberInput(),
    "decimal": TextInput(),
}
_INPUT_TYPES = {"email": "email", "url": "url", "tel": "tel"}


def form_field(f: Field):
    """The WTForms field of one spec field."""
    validators = [Marked()] if f.is_required else []
    if f.kind == "text":
        render_kw = {}
        if f.rows:
            render_kw["rows"] = f.rows
        if f.widget in _INPUT_TYPES:
            render_kw["type"] = _INPUT_TYPES[f.widget]
        if f.widget == "numeric":
            render_kw["inputmode"] = "numeric"
        cls = TextAreaField if f.widget == "textarea" else StringField
        return cls(
            f.label, validators=[*validators, NoControlCharacters()], render_kw=render_kw or None
        )
    if f.kind in _WIDGETS:
        return ParsedField(f.label, validators, spec_field=f, widget=_WIDGETS[f.kind])
    if f.kind == "id":
        return SelectField(
            f.label,
            coerce=optional_id,
            validate_choice=False,
            validators=validators,
            invalid_value_message=BAD_CHOICE,
        )
    if f.kind == "ids":
        return CheckboxesField(
            f.label, coerce=parse_id, validate_choice=False, invalid_value_message=BAD_CHOICE
        )
    if f.kind == "bool":
        return BooleanField(f.label)
    if f.kind in ("choice", "tristate"):
        return RadioField(
            f.label, choices=options(f.choices), default=f.default or "", validate_choice=False
        )
    if f.kind == "lines":
        return TextAreaField(
            f.label, validators=[NoControlCharacters()], render_kw={"rows": f.rows or 4}
        )
    raise ValueError(f.kind)


def form_value(f: Field, value):
    """A data value as the form field's data."""
    if f.kind == "tristate":
        return {True: "yes", False: "no"}.get(value, "")
    if f.kind == "lines":
        return "\n".join(value)
    if f.kind == "ids":
        return list(value)
    return value


def data_value(f: Field, field):
    """A form field's data as the data object's value."""
    value = field.data
    if f.kind in ("text", "iban"):
        return value or ""
    if f.kind == "amount":
        return f.empty() if value is None else value
    if f.kind == "tristate":
        return {"yes": True, "no": False}.get(value)
    if f.kind == "lines":
        return [line.strip() for line in (value or "").splitlines()]
    if f.kind == "ids":
        return list(value or [])
    if f.kind == "bool":
        return bool(value)
    if f.kind == "choice":
        return value or ""
    return value


class SpecForm(FlaskForm):
    """A form whose fields come from a field spec (`SPEC`); `to_data` and `fill` walk it."""

    SPEC: tuple[Field, ...] = ()
    DATA: type = object
    FIELD = staticmethod(form_field)
    """The WTForms field of one spec field (a form declares its own where it differs)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for f in cls.SPEC:
            if not hasattr(cls, f.name):
                setattr(cls, f.name, cls.FIELD(f))

    def to_data(self):
        """The submitted values as plain data for the service."""
        return self.DATA(**{f.key: data_value(f, self[f.name]) for f in self.SPEC})

    def fill(self, data) -> None:
        """Pre-fill from stored values (GET of the edit page)."""
        for f in self.SPEC:
            self[f.name].data = form_value(f, getattr(data, f.key))

    def new_token(self) -> None:
        self.form_token.data = str(uuid.uuid4())

    def token(self) -> str | None:
        """The one-time token of a new-item form; anything but a UUID counts as none."""
        try:
            return str(uuid.UUID(self.form_token.data or ""))
        except ValueError:
            return None


class EventForm(SpecForm):
    """Action days and ideas workshops: one form for both kinds, fields from `EVENT_FIELDS`."""

    SPEC = EVENT_FIELDS
    DATA = EventData
    version = HiddenField()
    form_token = HiddenField()
    allow_duplicate = BooleanField(_l("Save anyway: this is a different event"))
    region_confirmed = BooleanField(_l("The region is right: save anyway"))

    def expected_version(self) -> int | None:
        """The version the edit started from; a malformed one can match no stored version."""
        text = self.version.data or ""
        if not text:
            return None
        try:
            return parse_integer(text)
        except ParseError:
            return -1


class ActionForm(FlaskForm):
    """A button that changes state: CSRF only."""


class ConfirmForm(FlaskForm):
    """A button whose effect is hard to undo (delete, withdraw): a ticked box confirms it, so
    the confirmation step works without JavaScript."""

    confirm = BooleanField(_l("Yes, I am sure"))


class ReasonForm(FlaskForm):
    """Cancel or reject: a reason is required (the model says so)."""

    reason = TextAreaField(_l("Reason"), validators=[Marked()], render_kw={"rows": 3})


class ReportForm(SpecForm):
    """The post-event report, fields from `REPORT_FIELDS`."""

    SPEC = REPORT_FIELDS
    DATA = ReportData
    version = HiddenField()

    def expected_version(self) -> int | None:
        return parse_version(self.version.data)


class ProjectForm(SpecForm):
    """A participating project, fields from `PROJECT_FIELDS`."""

    SPEC = PROJECT_FIELDS
    DATA = ProjectData
    version = HiddenField()
    form_token = HiddenField()

    def expected_version(self) -> int | None:
        return parse_version(self.version.data)


class ImportUploadForm(FlaskForm):
    """Step 1 of the bulk import: the file."""

    file = FileField(_l("CSV or Excel file"), validators=[Marked()])


class ImportCommitForm(FlaskForm):
    """Step 2: the same file again (carried in the page, so no server-side state), and whether
    likely duplicates should be imported as well."""

    filename = HiddenField()
    payload = HiddenField()
    include_duplicates = BooleanField(_l("Import rows flagged as likely duplicates as well"))
