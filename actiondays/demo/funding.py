"""Demo funding: the 2013 and 2014 action-day funding and a "Mitten drin!" call.

Known from the sources (SPEC.md): 2013 actions were funded with up to 2,000 € each on
application; 2014 had 150,000 € in total; "Mitten drin!" (since summer 2014) funds micro and
macro projects, handled by the DKSB Landesverband. Every other amount here is an assumption,
listed in actiondays/data/README.md. Deterministic: its own seeded generator, dates derived from
the campaigns and from the reference date.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from schwifty import IBAN
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    Campaign,
    Event,
    FundingApplication,
    FundingCall,
    FundingCostItem,
    FundingPayout,
    FundingProgramme,
    FundingTier,
    ProgrammeKind,
    Project,
    Region,
    ReviewState,
    Role,
)
from actiondays.services.users import create_user

EUR = 100  # cents
#: (email, name, role, region slugs, organisation): the two funding offices of the demo. The
#: DKSB account is an organiser (its seat, Hannover) holding the officer right for Mitten drin!.
OFFICERS = [
    (
        "foerderung@example.org",
        "Fritz Förder",
        Role.REVIEWER,
        [],
        "Ministerium (Demo), Förderreferat",
    ),
    (
        "dksb@example.org",
        "Dana Sommer",
        Role.ORGANISER,
        ["region-hannover"],
        "DKSB Landesverband Niedersachsen (Demo)",
    ),
]
COST_CATEGORIES = [
    ("Material", "Bastel- und Spielmaterial"),
    ("Honorare", "Honorar für Referentin oder Künstler"),
    ("Verpflegung", "Gesundes Essen und Getränke"),
    ("Fahrtkosten", "Busfahrt für Kinder und Begleitpersonen"),
    ("Öffentlichkeitsarbeit", "Plakate und Handzettel"),
]


def _instant(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def _iban(rng: random.Random) -> str:
    return IBAN.generate(
        "DE", bank_code="25050180", account_code=str(rng.randint(10**6, 10**9))
    ).compact


def _items(rng: random.Random, total_cents: int) -> list[FundingCostItem]:
    """Two or three cost items adding up to the total exactly."""
    picks = rng.sample(COST_CATEGORIES, k=rng.choice([2, 3]))
    shares = [rng.randint(2, 6) for _ in picks]
    amounts = [total_cents * s // sum(shares) // 100 * 100 for s in shares]
    amounts[0] += total_cents - sum(amounts)
    return [
        FundingCostItem(position=i, category=c, description=d, amount_cents=a)
        for i, ((c, d), a) in enumerate(zip(picks, amounts, strict=True))
    ]


def _programme(name, kind, campaign, carrier, description, officer, publishes=False):
    programme = FundingProgramme(
        name=name,
        kind=kind.value,
        campaign=campaign,
        carrier=carrier,
        description=description,
        publishes_amounts=publishes,
        officers=[officer],
    )
    db.session.add(programme)
    return programme


def _action_day_funding(rng, campaign, call, officer, owner_of, max_cents, budget_cents):
    """Closed or paid-out grants for the campaign's published action days, within the budget."""
    events = db.session.scalars(
        select(Event)
        .where(
            Event.campaign_id == campaign.id,
            Event.status == ReviewState.PUBLISHED.value,
            Event.kind == "action_day",
        )
        .order_by(Event.starts_on, Event.id)
    ).all()
    committed = 0
    for event in events:
        if rng.random() < 0.2:
            continue  # not every action day applied
        granted = rng.randrange(max_cents // 2, max_cents + 1, 50 * EUR)
        if committed + granted > budget_cents:
            break
        committed += granted
        own = granted // 10 // 100 * 100
        decided = event.starts_on - timedelta(days=30)
        reclaim = rng.choice([0, 0, 0, 50 * EUR, 120 * EUR])
        closed = event.report is not None and rng.random() < 0.85
        application = FundingApplication(
            call=call,
            event=event,
            region_id=event.region_id,
            applicant=owner_of.get(event.region_id),
            organisation=event.organisation or "Familienservicebüro",
            justification="Eine Mitmachaktion für Kinder aus Familien mit wenig Geld.",
            account_holder=event.organisation or "Familienservicebüro",
            iban=_iban(rng),
            own_funds_cents=own,
            other_funding_cents=0,
            requested_cents=granted,
            items=_items(rng, granted + own),
            status="closed" if closed else "paid_out",
            submitted_at=_instant(decided - timedelta(days=14)),
            decided_at=_instant(decided),
            decided_by=officer,
            granted_cents=granted,
            conditions="Bitte Belege zehn Jahre aufbewahren.",
            proof_due_on=event.ends_on + timedelta(days=90),
            reclaim_cents=reclaim if closed else 0,
            payouts=[
                FundingPayout(
                    amount_cents=granted,
                    paid_on=decided + timedelta(days=7),
                    created_by_id=officer.id,
                    created_at=_instant(decided + timedelta(days=7)),
                )
            ],
        )
        application.tier = call.tiers[0]
        if closed:
            for item in application.items:
                item.actual_cents = item.amount_cents
            application.actual_own_funds_cents = own + reclaim
            application.actual_other_funding_cents = 0
            application.proof_report = "Die Aktion fand wie geplant statt."
            application.proof_submitted_at = _instant(event.ends_on + timedelta(days=40))
            application.closed_at = _instant(event.ends_on + timedelta(days=60))
        db.session.add(application)
    return committed


def create_demo_funding(accounts: dict, today: date, password: str) -> dict[str, int]:
    """Programmes, calls, officers and applications of the demo; flushes, never commits."""
    rng = random.Random(20140701)  # noqa: S311 - demo data, not security
    officers = {}
    for email, name, role, slugs, organisation in OFFICERS:
        officers[email] = create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            regions=db.session.scalars(select(Region).where(Region.slug.in_(slugs))).all(),
            organisation=organisation,
            status=AccountStatus.ACTIVE,
        )
    ministry = officers["foerderung@example.org"]
    dksb = officers["dksb@example.org"]
    campaigns = {c.year: c for c in db.session.scalars(select(Campaign))}
    owner_of = {r.id: u for u in accounts.values() if u.role == Role.ORGANISER for r in u.regions}

    counts = {"programmes": 0, "applications": 0}
    years = {
        2013: (2_000 * EUR, 100_000 * EUR),  # 2,000 € per action (source); budget assumed
        2014: (5_000 * EUR, 150_000 * EUR),  # 150,000 € in total (source); tier assumed
    }
    for year, (max_cents, budget_cents) in years.items():
        campaign = campaigns.get(year)
        if campaign is None:
            continue
        programme = _programme(
            f"Aktionstage {year} – Förderung",
            ProgrammeKind.ACTION_DAYS,
            campaign,
            "Niedersächsisches Ministerium für Soziales (Demo)",
            "Förderung der Aktionen der Mitmachtage auf Antrag.",
            ministry,
        )
        call = FundingCall(
            programme=programme,
            title=f"Aktionsförderung {year}",
            opens_on=campaign.registration_opens_on,
            closes_on=campaign.action_ends_on,
            budget_cents=budget_cents,
            own_contribution_percent=0,
            eligible_applicants="Organisationen, die Aktionen der Aktionstage anmelden",
            proof_period_days=90,
            tiers=[FundingTier(name="Aktion", max_cents=max_cents)],
        )
        db.session.add(call)
        db.session.flush()
        _action_day_funding(rng, campaign, call, ministry, owner_of, max_cents, budget_cents)
        counts["programmes"] += 1

    mitten_drin = _programme(
        "Mitten drin! Jung und aktiv in Niedersachsen",
        ProgrammeKind.STANDING,
        None,
        "DKSB Landesverband Niedersachsen",
        "Mikro- und Makroprojekte für benachteiligte Kinder und Jugendliche.",
        dksb,
    )
    call = FundingCall(
        programme=mitten_drin,
        title="Mitten drin! Förderaufruf",
        opens_on=date(2014, 7, 1),
        closes_on=today + timedelta(days=365),
        budget_cents=200_000 * EUR,
        own_contribution_percent=10,
        eligible_applicants="Träger der Kinder- und Jugendhilfe, Vereine und Initiativen",
        eligible_kinds="youth_welfare,association,initiative",
        proof_period_days=120,
        tiers=[
            FundingTier(name="Mikroprojekt", max_cents=1_000 * EUR),
            FundingTier(name="Makroprojekt", max_cents=10_000 * EUR),
        ],
    )
    db.session.add(call)
    db.session.flush()
    counts["programmes"] += 1
    projects = db.session.scalars(
        select(Project).where(Project.status == ReviewState.PUBLISHED.value).order_by(Project.id)
    ).all()
    states = ["submitted", "approved", "paid_out", "draft", "changes_requested"]
    for index, project in enumerate(p for p in projects if p.region_id in owner_of):
        if index >= len(states):
            break
        requested = [800, 6_500, 950, 4_000, 700][index] * EUR
        own = requested // 9 // 100 * 100 + 100 * EUR
        status = states[index]
        granted = requested if status in ("approved", "paid_out") else None
        application = FundingApplication(
            call=call,
            project=project,
            region_id=project.region_id,
            applicant=owner_of[project.region_id],
            organisation=project.organisation,
            applicant_kind="association",
            justification="Ein Angebot, das Kinder und Jugendliche mitten in ihr Quartier holt.",
            account_holder=project.organisation,
            iban=_iban(rng),
            own_funds_cents=own,
            other_funding_cents=0,
            requested_cents=requested,
            items=_items(rng, requested + own),
            status=status,
            granted_cents=granted,
            decided_by=dksb if granted else None,
            decided_at=_instant(today - timedelta(days=20)) if granted else None,
            submitted_at=_instant(today - timedelta(days=30)) if status != "draft" else None,
            proof_due_on=today + timedelta(days=100) if granted else None,
            decision_note=(
                "Bitte schlüsseln Sie die Honorare auf." if status == "changes_requested" else None
            ),
        )
        application.tier = call.tier_for(requested)
        if status == "paid_out":
            application.payouts = [
                FundingPayout(
                    amount_cents=granted,
                    paid_on=today - timedelta(days=10),
                    created_by_id=dksb.id,
                    created_at=_instant(today - timedelta(days=10)),
                )
            ]
        db.session.add(application)
    db.session.flush()
    counts["applications"] = len(db.session.scalars(select(FundingApplication.id)).all())
    return counts
