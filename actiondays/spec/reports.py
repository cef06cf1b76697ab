"""The fields of a post-event report, in form order: the one list the data object, form and
history labels (the report's changes are recorded on its event) derive from."""

from flask_babel import lazy_gettext as _l

from actiondays.spec import Field


def _count(name: str, label) -> Field:
    # A count left empty is stored as 0 (the columns are NOT NULL with a check >= 0).
    return Field(name, "integer", label, default=0)


REPORT_FIELDS: tuple[Field, ...] = (
    _count("participants", _l("Participants")),
    _count("children_reached", _l("Children and young people reached")),
    _count("volunteers", _l("Volunteers")),
    _count("partner_organisations", _l("Partner organisations involved")),
    Field(
        "partner_names",
        "text",
        _l("Names of the partner organisations"),
        nullable=True,
        widget="textarea",
        rows=3,
    ),
    Field(
        "outcome",
        "text",
        _l("Outcome"),
        limit=10_000,
        required=_l("Please describe the outcome in a few words."),
        widget="textarea",
        rows=5,
    ),
    Field(
        "continues",
        "tristate",
        _l("Will it go on?"),
        choices=(("yes", _l("Yes")), ("no", _l("No")), ("", _l("Not known yet"))),
        default=None,
    ),
)
"""Every field of a report a person enters, in form order."""
