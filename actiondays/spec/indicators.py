"""The columns of the indicator value import (the app's template layout), in column order: the
template, the header check and the parsers of year and value derive from this list."""

from flask_babel import lazy_gettext as _l

from actiondays.spec import Field
from actiondays.spec.parsers import BAD_MEASURE, BAD_YEAR

INDICATOR_VALUE_FIELDS: tuple[Field, ...] = (
    Field(
        "key",
        "text",
        _l("Indicator"),
        column="Indikator",
        column_required=False,  # the indicator chosen on the upload form stands in
        example="population",
    ),
    Field("ags", "text", _l("Official key"), column="AGS", marked=True, example="03101"),
    Field("year", "year", _l("Year"), required=BAD_YEAR, column="Jahr", example="2018"),
    Field("value", "measure", _l("Value"), required=BAD_MEASURE, column="Wert", example="248292"),
)
"""One indicator value per row: which indicator, which district, which year, the value."""
