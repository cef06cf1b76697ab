"""Forms of the funding area: they parse amounts into cents; the services check the rules."""

from dataclasses import replace

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from actiondays.errors import ValidationFailed
from actiondays.models import ApplicantKind, ProgrammeKind
from actiondays.models.funding import APPLICANT_KIND_LABELS, PROGRAMME_KIND_LABELS
from actiondays.services.funding.applications import ApplicationData, CostItemData
from actiondays.services.funding.money import AmountError, cents_input, parse_cents
from actiondays.spec import Field
from actiondays.spec.funding import APPLICATION_FIELDS, COST_ITEM_FIELDS
from actiondays.spec.parsers import BAD_DATE, BAD_NUMBER
from actiondays.web.manage.forms import (
    CheckboxesField,
    Marked,
    SpecForm,
    data_value,
    form_value,
    optional_int,
    options,
    parse_version,
)

ITEM_ROWS = 6


class MoneyField(StringField):
    """An amount in euros, typed with the locale's separators; `data` is integer cents."""

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        self.raw = ""
        if required:
            self.flags.required = True

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "") or ""
        if not self.raw.strip():
            self.data = None
            if self.required:
                raise ValueError(_l("Please enter an amount in euros, for example 1.234,56."))
            return
        locale = str(get_locale() or "de")
        try:
            self.data = parse_cents(self.raw, locale)
        except AmountError as error:
            self.data = None
            raise ValueError(str(error)) from None

    def process_data(self, value):
        self.data = value

    def _value(self):
        if self.raw:
            return self.raw
        return cents_input(self.data) if isinstance(self.data, int) else ""


def spec_field(f: Field):
    """The form field of one spec field of the funding area: amounts in euros; text with the
    form's own required and length checks (so a missing value stops at the form)."""
    if f.kind == "amount":
        return MoneyField(f.label, required=f.is_required)
    validators = [InputRequired()] if f.is_required else []
    if f.limit:
        validators.append(Length(max=f.limit))
    cls = TextAreaField if f.widget == "textarea" else StringField
    return cls(f.label, validators=validators)


def _row_field(f: Field):
    # A row's required values are checked by the service, and only for rows that are filled.
    return spec_field(replace(f, required=None, marked=False))


CostItemForm = type(
    "CostItemForm",
    (Form,),
    {
        "__doc__": "One line of the cost plan (fields from `COST_ITEM_FIELDS`); an empty line "
        "is ignored.",
        **{f.name: _row_field(f) for f in COST_ITEM_FIELDS},
    },
)


class ApplicationForm(SpecForm):
    """An application; plain fields from `APPLICATION_FIELDS`, the cost plan as rows."""

    SPEC = APPLICATION_FIELDS
    DATA = ApplicationData
    FIELD = staticmethod(spec_field)
    form_token = HiddenField()
    version = HiddenField()
    subject = SelectField(_l("Event or project"), validate_choice=False, validators=[Marked()])
    applicant_kind = SelectField(
        _l("Kind of organisation"),
        choices=options(
            [(None, _l("Please choose"))]
            + [(k.value, APPLICANT_KIND_LABELS[k]) for k in ApplicantKind]
        ),
        validate_choice=False,
    )
    items = FieldList(FormField(CostItemForm), min_entries=ITEM_ROWS, max_entries=30)

    def expected_version(self) -> int | None:
        """The row version the edit started from (a tampered value never matches: 409)."""
        return parse_version(self.version.data)

    def to_data(self) -> ApplicationData:
        data = super().to_data()
        data.items = [
            CostItemData(**{f.key: data_value(f, row[f.name]) for f in COST_ITEM_FIELDS})
            for row in self.items
            if any(row[f.name].data for f in COST_ITEM_FIELDS)
        ]
        for item in data.items:
            item.category, item.description = item.category.strip(), item.description.strip()
        data.applicant_kind = self.applicant_kind.data or ""
        return data

    def fill(self, data: ApplicationData) -> None:
        super().fill(data)
        self.applicant_kind.data = data.applicant_kind
        while len(self.items) < max(ITEM_ROWS, len(data.items)):
            self.items.append_entry()
        for row, item in zip(self.items, data.items, strict=False):
            for f in COST_ITEM_FIELDS:
                row[f.name].data = form_value(f, getattr(item, f.key))


class ApproveForm(FlaskForm):
    granted = MoneyField(_l("Granted amount (€)"))
    conditions = TextAreaField(_l("Conditions"), validators=[Length(max=5000)])
    proof_due_on = DateField(
        _l("Deadline for the proof of use"),
        validators=[Optional()],
        invalid_value_message=BAD_DATE,
    )


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=5000)])


class PayoutForm(FlaskForm):
    amount = MoneyField(_l("Amount paid out (€)"))
    paid_on = DateField(_l("Paid on"), validators=[InputRequired()], invalid_value_message=BAD_DATE)


class ProofForm(FlaskForm):
    actual = FieldList(MoneyField(_l("Actual cost (€)")), min_entries=0, max_entries=30)
    actual_own_funds = MoneyField(_l("Own funds actually spent (€)"))
    actual_other_funding = MoneyField(_l("Other funding actually received (€)"))
    report = TextAreaField(_l("Factual report"), validators=[Length(max=10000)])


class AssessForm(FlaskForm):
    reclaim = MoneyField(_l("Amount to reclaim (€)"), required=False)
    note = TextAreaField(_l("What is missing"), validators=[Length(max=5000)])


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token."""


class ProgrammeForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    kind = RadioField(
        _l("Kind of programme"),
        choices=options((k.value, PROGRAMME_KIND_LABELS[k]) for k in ProgrammeKind),
        default=ProgrammeKind.STANDING.value,
        validate_choice=False,
    )
    campaign_id = SelectField(_l("Campaign year"), coerce=optional_int, validate_choice=False)
    carrier = StringField(_l("Handled by"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    publishes_amounts = BooleanField(_l("Show granted amounts on public pages"))

    def expected_version(self) -> int | None:
        return parse_version(self.version.data)


class CallForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    opens_on = DateField(
        _l("Applications from"), validators=[InputRequired()], invalid_value_message=BAD_DATE
    )
    closes_on = DateField(
        _l("Applications until"), validators=[InputRequired()], invalid_value_message=BAD_DATE
    )
    budget = MoneyField(_l("Total budget (€)"))
    own_contribution_percent = IntegerField(
        _l("Required own contribution (per cent)"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        invalid_value_message=BAD_NUMBER,
    )
    tiers = TextAreaField(
        _l("Tiers"), validators=[InputRequired(), Length(max=2000)], default="Mikro; 1.000,00"
    )
    eligible_kinds = CheckboxesField(
        _l("Who may apply"),
        choices=options((k.value, APPLICANT_KIND_LABELS[k]) for k in ApplicantKind),
        validate_choice=False,
    )
    eligible_applicants = TextAreaField(
        _l("Who may apply: explanation"), validators=[Length(max=2000)]
    )
    proof_period_days = IntegerField(
        _l("Days for the proof of use after approval"),
        default=90,
        validators=[InputRequired(), NumberRange(min=0, max=3650)],
        invalid_value_message=BAD_NUMBER,
    )

    def expected_version(self) -> int | None:
        return parse_version(self.version.data)

    def fill_tiers(self, tiers) -> None:
        self.tiers.data = "\n".join(f"{t.name}; {cents_input(t.max_cents)}" for t in tiers)

    def parsed_tiers(self) -> list[tuple[str, int]]:
        """'Name; 1.000,00' per line → [(name, cents)]; bad lines raise ValidationFailed."""
        tiers, errors, locale = [], [], str(get_locale() or "de")
        for line in (self.tiers.data or "").splitlines():
            if not line.strip():
                continue
            name, _, amount = line.rpartition(";")
            try:
                tiers.append((name.strip(), parse_cents(amount, locale)))
            except AmountError as error:
                errors.append(f"{line.strip()}: {error}")
        if errors:
            raise ValidationFailed({"tiers": errors})
        return tiers


class OfficersForm(FlaskForm):
    officers = CheckboxesField(_l("Funding officers"), coerce=int, validate_choice=False)
