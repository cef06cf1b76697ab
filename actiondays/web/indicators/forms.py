"""Forms of the indicator catalogue and of the value import."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from actiondays.models import IndicatorAggregation, IndicatorDirection
from actiondays.services.indicators import parse_value
from actiondays.web.manage.forms import options

FILL_IN = _l("Please fill in this field.")
DIRECTION_LABELS = {
    IndicatorDirection.HIGHER_IS_WORSE.value: _l("Higher values mean more need"),
    IndicatorDirection.HIGHER_IS_BETTER.value: _l("Higher values are better"),
    IndicatorDirection.NEUTRAL.value: _l("Neither (a base figure such as the population)"),
}
AGGREGATION_LABELS = {
    IndicatorAggregation.POPULATION_WEIGHTED_MEAN.value: _l(
        "Rate or share: population-weighted mean"
    ),
    IndicatorAggregation.SUM.value: _l("Count: sum"),
}


class DecimalText(StringField):
    """A decimal number with comma or point; empty is None."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        text = (self.data or "").strip()
        self.number: Decimal | None = None
        self._bad = False
        if text:
            try:
                self.number = parse_value(text)
            except ValueError:
                self._bad = True

    def pre_validate(self, form):
        if getattr(self, "_bad", False):
            raise ValidationError(_l("Please enter a number, e.g. 12,5."))


class IndicatorForm(FlaskForm):
    """Key, names, unit, definition, source, licence, direction and plausible range."""

    key = StringField(
        _l("Key"),
        validators=[DataRequired(_l("Please enter a key.")), Length(max=60)],
        description=_l("Lower-case letters, digits and underscores, e.g. child_poverty_rate."),
    )
    name_de = StringField(_l("German name"), validators=[DataRequired(FILL_IN), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[DataRequired(FILL_IN), Length(max=200)])
    unit = StringField(_l("Unit"), validators=[DataRequired(FILL_IN), Length(max=40)])
    definition = TextAreaField(_l("Definition"), validators=[Length(max=5000)])
    source = TextAreaField(_l("Source"), validators=[Length(max=5000)])
    licence = StringField(_l("Licence"), validators=[Length(max=200)])
    direction = SelectField(_l("Direction"), choices=options(DIRECTION_LABELS.items()))
    aggregation = SelectField(
        _l("Combining predecessor regions across a merger"),
        choices=options(AGGREGATION_LABELS.items()),
    )
    minimum = DecimalText(_l("Lowest plausible value"))
    maximum = DecimalText(_l("Highest plausible value"))
    is_demo = BooleanField(_l("Demo values (not statistics)"))
    version = HiddenField()


class ValuesUploadForm(FlaskForm):
    """Step 1 of the value import: the file, and the indicator for files that name none."""

    file = FileField(_l("CSV or Excel file"))
    indicator = SelectField(_l("Indicator (for GENESIS files)"), choices=[], validate_choice=False)


class ValuesCommitForm(FlaskForm):
    """Step 2: the same file again, carried in the page."""

    filename = HiddenField()
    payload = HiddenField()
    indicator = HiddenField()
