"""Budgets and figures, from GROUP BY queries: per call, by region and theme, per campaign.

committed = granted amounts of approved and later applications; paid = sum of payouts;
reclaimed = reclaim amounts set on closed applications; remaining = budget − committed.
An application counts for the themes of its event or project (one with two themes counts in
both, so theme rows may add up to more than the total).
"""

from sqlalchemy import Integer, String, cast, func, literal, literal_column, null, select, union_all

from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    Event,
    FundingApplication,
    FundingCall,
    FundingPayout,
    FundingProgramme,
    Region,
    Report,
    Theme,
)
from actiondays.models.associations import event_themes, project_themes
from actiondays.models.funding import COMMITTED_STATES

A = FundingApplication


def _paid_per_application():
    return (
        select(
            FundingPayout.application_id.label("application_id"),
            func.sum(FundingPayout.amount_cents).label("paid"),
        )
        .group_by(FundingPayout.application_id)
        .subquery()
    )


def _sums(paid):
    return (
        func.coalesce(func.sum(A.granted_cents), 0),
        func.coalesce(func.sum(paid.c.paid), 0),
        func.coalesce(func.sum(A.reclaim_cents), 0),
        func.count(A.id),
    )


def _committed(where):
    paid = _paid_per_application()
    return paid, (
        select(*_sums(paid))
        .select_from(A)
        .outerjoin(paid, paid.c.application_id == A.id)
        .where(A.status.in_(COMMITTED_STATES), *where)
    )


def _row(granted, paid, reclaimed, count) -> dict:
    return {
        "granted_cents": int(granted),
        "paid_cents": int(paid),
        "reclaimed_cents": int(reclaimed),
        "applications": int(count),
    }


def _theme_links():
    """(application id, theme id) through the event's or the project's themes."""
    return union_all(
        select(A.id.label("application_id"), event_themes.c.theme_id.label("theme_id")).join(
            event_themes, event_themes.c.event_id == A.event_id
        ),
        select(A.id, project_themes.c.theme_id).join(
            project_themes, project_themes.c.project_id == A.project_id
        ),
    ).subquery()


def _region_rows(paid, where):
    return (
        select(Region.ags, Region.slug, Region.name, *_sums(paid))
        .select_from(A)
        .join(Region, Region.id == A.region_id)
        .outerjoin(paid, paid.c.application_id == A.id)
        .where(A.status.in_(COMMITTED_STATES), *where)
        .group_by(Region.ags, Region.slug, Region.name)
    )


def _theme_rows(paid, where):
    links = _theme_links()
    return (
        select(Theme.slug, Theme.name_de, Theme.name_en, Theme.position, *_sums(paid))
        .select_from(A)
        .join(links, links.c.application_id == A.id)
        .join(Theme, Theme.id == links.c.theme_id)
        .outerjoin(paid, paid.c.application_id == A.id)
        .where(A.status.in_(COMMITTED_STATES), *where)
        .group_by(Theme.slug, Theme.name_de, Theme.name_en, Theme.position)
    )


def _by_region(where) -> list[dict]:
    paid = _paid_per_application()
    rows = db.session.execute(_region_rows(paid, where).order_by(Region.name)).all()
    return [{"ags": a, "slug": s, "name": n, **_row(*rest)} for a, s, n, *rest in rows]


def _by_theme(where) -> list[dict]:
    paid = _paid_per_application()
    rows = db.session.execute(_theme_rows(paid, where).order_by(Theme.position)).all()
    return [
        {"slug": s, "name_de": de, "name_en": en, **_row(*rest)} for s, de, en, _, *rest in rows
    ]


def call_budget(call: FundingCall) -> dict:
    """Budget, committed, paid, reclaimed and remaining of a call; the same by region and theme."""
    where = (A.call_id == call.id,)
    _, query = _committed(where)
    totals = _row(*db.session.execute(query).one())
    requested = db.session.scalar(
        select(func.coalesce(func.sum(A.requested_cents), 0)).where(
            A.call_id == call.id, A.status == "submitted"
        )
    )
    return {
        "budget_cents": call.budget_cents,
        **totals,
        "remaining_cents": call.budget_cents - totals["granted_cents"],
        "pending_requested_cents": int(requested),
        "by_region": _by_region(where),
        "by_theme": _by_theme(where),
    }


# Row kinds of the one query behind campaign_funding, in the order they come back.
_PROGRAMME, _TOTALS, _REPORTED, _REGION, _THEME = range(5)


def campaign_funding(campaign: Campaign) -> dict | None:
    """The funding part of a campaign's retrospective, or None without a programme for it.

    Funds per participant = (paid − reclaimed) of the funded events ÷ the participants their
    reports give; None while no funded event has a report with participants.

    One statement: the programmes (name, budget of their calls), the totals, the reported
    spending, and the rows by region and by theme are the branches of one UNION ALL, each
    row tagged with its kind (columns: kind, three texts, a text and a number to sort by,
    four numbers).
    """
    programme_ids = select(FundingProgramme.id).where(FundingProgramme.campaign_id == campaign.id)
    where = (
        A.call_id.in_(select(FundingCall.id).where(FundingCall.programme_id.in_(programme_ids))),
    )
    paid = _paid_per_application()
    # typed NULLs: PostgreSQL resolves a UNION's column types branch by branch
    none, no_number = cast(null(), String), cast(null(), Integer)
    zero = literal_column("0")

    def kind(number: int):
        return literal_column(str(number)).label("kind")

    budget = (
        select(func.coalesce(func.sum(FundingCall.budget_cents), 0))
        .where(FundingCall.programme_id == FundingProgramme.id)
        .scalar_subquery()
    )
    programmes = select(
        kind(_PROGRAMME),
        FundingProgramme.name.label("text_1"),
        none.label("text_2"),
        none.label("text_3"),
        FundingProgramme.name.label("sort_text"),
        no_number.label("sort_number"),
        func.coalesce(budget, 0).label("number_1"),
        zero.label("number_2"),
        zero.label("number_3"),
        zero.label("number_4"),
    ).where(FundingProgramme.campaign_id == campaign.id)
    totals = (
        select(kind(_TOTALS), none, none, none, none, no_number, *_sums(paid))
        .select_from(A)
        .outerjoin(paid, paid.c.application_id == A.id)
        .where(A.status.in_(COMMITTED_STATES), *where)
    )
    reported = (
        select(
            kind(_REPORTED),
            none,
            none,
            none,
            none,
            no_number,
            func.coalesce(func.sum(func.coalesce(paid.c.paid, 0) - A.reclaim_cents), 0),
            func.coalesce(func.sum(Report.participants), 0),
            zero,
            zero,
        )
        .select_from(A)
        .join(Event, Event.id == A.event_id)
        .join(Report, Report.event_id == Event.id)
        .outerjoin(paid, paid.c.application_id == A.id)
        .where(A.status.in_(COMMITTED_STATES), Report.participants > 0, *where)
    )
    regions = _region_rows(paid, where).with_only_columns(
        kind(_REGION), Region.ags, Region.slug, Region.name, Region.name, no_number, *_sums(paid)
    )
    themes = _theme_rows(paid, where).with_only_columns(
        kind(_THEME),
        Theme.slug,
        Theme.name_de,
        Theme.name_en,
        none,
        Theme.position,
        *_sums(paid),
    )
    rows = union_all(programmes, totals, reported, regions, themes).subquery()
    ordered = select(*rows.c).order_by(rows.c.kind, rows.c.sort_text, rows.c.sort_number)
    found: dict[int, list] = {number: [] for number in range(5)}
    for row in db.session.execute(ordered):
        found[row[0]].append(tuple(row[1:]))
    if not found[_PROGRAMME]:
        return None
    totals_row = _row(*found[_TOTALS][0][5:])
    spent_on_reported, participants = found[_REPORTED][0][5:7]
    spent = totals_row["paid_cents"] - totals_row["reclaimed_cents"]
    return {
        "programmes": [name for name, *_ in found[_PROGRAMME]],
        "budget_cents": sum(int(row[5]) for row in found[_PROGRAMME]),
        **totals_row,
        "spent_cents": spent,
        "participants_funded": int(participants),
        "per_participant_cents": (
            round(int(spent_on_reported) / int(participants)) if participants else None
        ),
        "by_region": [
            {"ags": a, "slug": s, "name": n, **_row(*rest)}
            for a, s, n, _, _, *rest in found[_REGION]
        ],
        "by_theme": [
            {"slug": s, "name_de": de, "name_en": en, **_row(*rest)}
            for s, de, en, _, _, *rest in found[_THEME]
        ],
    }


def funding_labels(event_ids=(), project_ids=()) -> dict[tuple[str, int], tuple[str, int | None]]:
    """For the public pages: (kind, id) → (programme name, granted cents or None when the
    programme keeps its amounts internal) for approved and later applications."""
    result = {}
    query = (
        select(
            A.event_id,
            A.project_id,
            FundingProgramme.name,
            FundingProgramme.publishes_amounts,
            A.granted_cents,
        )
        .join(FundingCall, FundingCall.id == A.call_id)
        .join(FundingProgramme, FundingProgramme.id == FundingCall.programme_id)
        .where(A.status.in_(COMMITTED_STATES))
        .where(
            (A.event_id.in_(list(event_ids)) if event_ids else literal(False))
            | (A.project_id.in_(list(project_ids)) if project_ids else literal(False))
        )
        .order_by(A.id)
    )
    for event_id, project_id, name, publishes, granted in db.session.execute(query):
        key = ("event", event_id) if event_id else ("project", project_id)
        result[key] = (name, granted if publishes else None)
    return result
