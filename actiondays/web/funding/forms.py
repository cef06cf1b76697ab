"""Forms of the funding area: they parse amounts into cents; the services check the rules."""

import uuid

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
from actiondays.spec.parsers import BAD_DATE, BAD_NUMBER
from actiondays.web.manage.forms import (
    CheckboxesField,
    Marked,
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


class CostItemForm(Form):
    """One line of the cost plan; an empty line is ignored."""

    category = StringField(_l("Category"), validators=[Length(max=100)])
    details = StringField(_l("Description"), validators=[Length(max=300)])
    amount = MoneyField(_l("Amount (€)"), required=False)


class ApplicationForm(FlaskForm):
    form_token = HiddenField()
    version = HiddenField()
    subject = SelectField(_l("Event or project"), validate_choice=False, validators=[Marked()])
    organisation = StringField(
        _l("Applying organisation"), validators=[InputRequired(), Length(max=200)]
    )
    applicant_kind = SelectField(
        _l("Kind of organisation"),
        choices=options(
            [(None, _l("Please choose"))]
            + [(k.value, APPLICANT_KIND_LABELS[k]) for k in ApplicantKind]
        ),
        validate_choice=False,
    )
    items = FieldList(FormField(CostItemForm), min_entries=ITEM_ROWS, max_entries=30)
    own_funds = MoneyField(_l("Own funds (€)"))
    other_funding = MoneyField(_l("Other funding (€)"))
    requested = MoneyField(_l("Requested amount (€)"))
    account_holder = StringField(
        _l("Account holder"), validators=[InputRequired(), Length(max=200)]
    )
    iban = StringField(_l("IBAN"), validators=[InputRequired(), Length(max=50)])
    justification = TextAreaField(
        _l("Justification"), validators=[InputRequired(), Length(max=5000)]
    )

    def new_token(self) -> None:
        self.form_token.data = str(uuid.uuid4())

    def expected_version(self) -> int | None:
        """The row version the edit started from (a tampered value never matches: 409)."""
        return parse_version(self.version.data)

    def to_data(self) -> ApplicationData:
        items = [
            CostItemData(
                (row.category.data or "").strip(),
                (row.details.data or "").strip(),
                row.amount.data or 0,
            )
            for row in self.items
            if (row.category.data or "").strip()
            or (row.details.data or "").strip()
            or row.amount.data
        ]
        return ApplicationData(
            subject=self.subject.data or "",
            organisation=self.organisation.data or "",
            applicant_kind=self.applicant_kind.data or "",
            justification=self.justification.data or "",
            account_holder=self.account_holder.data or "",
            iban=self.iban.data or "",
            own_funds_cents=self.own_funds.data or 0,
            other_funding_cents=self.other_funding.data or 0,
            requested_cents=self.requested.data or 0,
            items=items,
        )

    def fill(self, data: ApplicationData) -> None:
        self.subject.data = data.subject
        self.organisation.data = data.organisation
        self.applicant_kind.data = data.applicant_kind
        self.justification.data = data.justification
        self.account_holder.data = data.account_holder
        self.iban.data = data.iban
        self.own_funds.data = data.own_funds_cents
        self.other_funding.data = data.other_funding_cents
        self.requested.data = data.requested_cents
        while len(self.items) < max(ITEM_ROWS, len(data.items)):
            self.items.append_entry()
        for row, item in zip(self.items, data.items, strict=False):
            row.category.data = item.category
            row.details.data = item.description
            row.amount.data = item.amount_cents


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
