"""The fields of a funding application, in form order, and of one row of its cost plan: the
lists the data objects, the form's fields, fill and to-data, and the copying onto the model
derive from. The cost plan stays a nested list of rows with its own small spec."""

from flask_babel import lazy_gettext as _l

from actiondays.spec import Field

AMOUNT_MISSING = _l("Please enter an amount in euros, for example 1.234,56.")

APPLICATION_FIELDS: tuple[Field, ...] = (
    Field(
        "subject",
        "choice",
        _l("Event or project"),
        marked=True,
        stored=False,
        default="",
    ),
    Field(
        "organisation",
        "text",
        _l("Applying organisation"),
        limit=200,
        required=_l("Please name the applying organisation."),
    ),
    Field(
        "own_funds",
        "amount",
        _l("Own funds (€)"),
        attr="own_funds_cents",
        required=AMOUNT_MISSING,
        default=0,
    ),
    Field(
        "other_funding",
        "amount",
        _l("Other funding (€)"),
        attr="other_funding_cents",
        required=AMOUNT_MISSING,
        default=0,
    ),
    Field(
        "requested",
        "amount",
        _l("Requested amount (€)"),
        attr="requested_cents",
        required=AMOUNT_MISSING,
        default=0,
    ),
    Field(
        "account_holder",
        "text",
        _l("Account holder"),
        limit=200,
        required=_l("Please name the account holder."),
    ),
    # Checked and stored in its compact form by the service (the shared IBAN parser); never
    # named in the history, which more people read than the bank details.
    Field("iban", "iban", _l("IBAN"), limit=50, marked=True, stored=False),
    Field(
        "justification",
        "text",
        _l("Justification"),
        limit=5_000,
        required=_l("Please justify your application in a few sentences."),
        widget="textarea",
    ),
)
"""Every plain field of an application an applicant enters, in form order."""

COST_ITEM_FIELDS: tuple[Field, ...] = (
    Field(
        "category",
        "text",
        _l("Category"),
        limit=100,
        required=_l("Please name the category of this cost item."),
    ),
    Field("details", "text", _l("Description"), attr="description", limit=300),
    Field("amount", "amount", _l("Amount (€)"), attr="amount_cents", default=0),
)
"""One row of the cost plan; a row left wholly empty is no row."""
