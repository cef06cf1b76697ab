"""The funding part of a retrospective document as tables (schema version 2 and later)."""

from flask_babel import lazy_gettext as _l

from actiondays.exports.tables import Table
from actiondays.services.funding.money import euros


def funding_tables(document: dict, language: str = "de") -> list[Table]:
    """Funds granted, paid and per participant; by region and by theme. Amounts in euros as
    exact decimals. None for documents without funding (version 1, or no programme)."""
    funding = document["figures"].get("funding")
    if not funding:
        return []
    summary = Table(
        "funding",
        str(_l("Funding")),
        [str(_l("Figure")), str(_l("Value"))],
        [
            [str(_l("Programmes")), ", ".join(funding["programmes"])],
            [str(_l("Budget (€)")), euros(funding["budget_cents"])],
            [str(_l("Applications approved")), funding["applications"]],
            [str(_l("Granted (€)")), euros(funding["granted_cents"])],
            [str(_l("Paid out (€)")), euros(funding["paid_cents"])],
            [str(_l("Reclaimed (€)")), euros(funding["reclaimed_cents"])],
            [str(_l("Spent: paid out less reclaimed (€)")), euros(funding["spent_cents"])],
            [
                str(_l("Participants of funded events with a report")),
                funding["participants_funded"],
            ],
            [str(_l("Funds per participant (€)")), euros(funding["per_participant_cents"])],
        ],
    )
    columns = [
        str(_l("Applications")),
        str(_l("Granted (€)")),
        str(_l("Paid out (€)")),
        str(_l("Reclaimed (€)")),
    ]

    def amounts(row):
        return [
            row["applications"],
            euros(row["granted_cents"]),
            euros(row["paid_cents"]),
            euros(row["reclaimed_cents"]),
        ]

    regions = Table(
        "funding_by_region",
        str(_l("Funding by region")),
        [str(_l("Official key")), str(_l("Region")), *columns],
        [[r["ags"], r["name"], *amounts(r)] for r in funding["by_region"]],
    )
    themes = Table(
        "funding_by_theme",
        str(_l("Funding by theme")),
        [str(_l("Theme")), *columns],
        [
            [t["name_en"] if language == "en" else t["name_de"], *amounts(t)]
            for t in funding["by_theme"]
        ],
    )
    return [summary, regions, themes]
