"""The fields of a participating project, in form order."""

from flask_babel import lazy_gettext as _l

from actiondays.spec import Field

PROJECT_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "text",
        _l("Name of the project"),
        limit=200,
        required=_l("Please enter the project's name."),
        public=True,
    ),
    Field(
        "organisation",
        "text",
        _l("Organisation"),
        limit=200,
        required=_l("Please enter the organising organisation."),
        public=True,
    ),
    Field(
        "region_id",
        "id",
        _l("Region"),
        marked=True,
        public=True,
        stored=False,
        history=("region", "region_id"),
        api="region",
    ),
    Field(
        "themes",
        "ids",
        _l("Themes"),
        attr="theme_ids",
        public=True,
        stored=False,
        history=("themes",),
    ),
    Field(
        "description",
        "text",
        _l("Description"),
        limit=20_000,
        public=True,
        widget="textarea",
        rows=8,
        api_description="Markdown.",
    ),
    Field("website", "text", _l("Website"), limit=500, public=True, nullable=True, widget="url"),
    Field("target_group", "text", _l("Target group"), limit=300, public=True, nullable=True),
    Field(
        "campaign_ids",
        "ids",
        _l("Campaign years"),
        public=True,
        stored=False,
        history=("campaigns",),
        api="campaign_years",
    ),
    Field(
        "partners",
        "lines",
        _l("Partner organisations"),
        public=True,
        stored=False,
        rows=4,
        history=("partners",),
    ),
    Field(
        "continues_after_campaign",
        "tristate",
        _l("Does the project continue after the campaign?"),
        public=True,
        choices=(("yes", _l("Yes")), ("no", _l("No")), ("", _l("Not known yet"))),
        default=None,
    ),
    Field(
        "sustainability_note",
        "text",
        _l("How does it continue?"),
        limit=5_000,
        public=True,
        nullable=True,
        widget="textarea",
        rows=4,
    ),
)
"""Every field of a project a person enters, in form order."""
