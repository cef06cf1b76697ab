"""Deterministic German demo content: accounts, events, projects and reports.

The same reference date gives the same content on an empty database: every random choice comes
from a seeded generator, UIDs are UUID5 values and timestamps derive from the event dates.
"""

import logging
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from actiondays.demo.indicators import create_demo_indicators
from actiondays.demo.retrospectives import create_demo_retrospectives
from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    Campaign,
    Event,
    EventKind,
    Project,
    ProjectPartner,
    Region,
    Report,
    ReviewState,
    Role,
    Theme,
    User,
)
from actiondays.models.event import BERLIN
from actiondays.services.users import create_user

log = logging.getLogger(__name__)
DEMO_NAMESPACE = uuid.UUID("6f0c8a52-3d0e-4b7e-9d55-2a1c0f8e7b10")
#: Documented in the README; only for local development.
DEMO_PASSWORD = "aktionstage-demo"  # noqa: S105
DEMO_ACCOUNTS = [
    ("admin@example.org", "Alex Admin", Role.ADMIN, [], "Ministerium (Demo)"),
    ("pruefung@example.org", "Paula Prüfer", Role.REVIEWER, [], "Ministerium (Demo)"),
    (
        "hannover@example.org",
        "Hanna Lindemann",
        Role.ORGANISER,
        ["region-hannover", "landkreis-schaumburg"],
        "Familienservicebüro Region Hannover",
    ),
    (
        "goettingen@example.org",
        "Jonas Krüger",
        Role.ORGANISER,
        [
            "landkreis-goettingen-bis-2016",
            "landkreis-osterode-am-harz",
            "landkreis-goettingen",
            "landkreis-northeim",
        ],
        "Kinderschutzbund Südniedersachsen",
    ),
    (
        "weser-ems@example.org",
        "Meike Janssen",
        Role.ORGANISER,
        ["oldenburg", "landkreis-ammerland", "landkreis-friesland", "emden", "landkreis-leer"],
        "Diakonisches Werk Oldenburg",
    ),
    (
        "lueneburg@example.org",
        "Tobias Meyer",
        Role.ORGANISER,
        ["landkreis-lueneburg", "landkreis-uelzen", "landkreis-harburg"],
        "AWO Kreisverband Lüneburg",
    ),
]

TITLES = {
    "bildung": [
        "Lesefest in der Stadtbibliothek",
        "Hausaufgabenhilfe: Tag der offenen Tür",
        "Bücherbus-Aktionstag",
        "Mitmach-Werkstatt Naturwissenschaften",
        "Bildungsmesse für Familien",
    ],
    "gesundheit": [
        "Kochkurs: gesund essen mit kleinem Budget",
        "Bewegungstag im Stadtpark",
        "Zahngesundheitstag in der Kita",
        "Familienfrühstück im Stadtteiltreff",
        "Schwimmtag für Kinder",
    ],
    "teilhabe": [
        "Spielplatzfest für alle",
        "Kinder-Kulturtag",
        "Kleiderbörse und Spielzeugtausch",
        "Theaterprojekt „Alle an Bord“",
        "Ferienpass-Aktionstag",
        "Kinderrechte-Workshop",
    ],
    "vernetzung": [
        "Netzwerktreffen Frühe Hilfen",
        "Fachtag Kinderarmut im ländlichen Raum",
        "Runder Tisch gegen Kinderarmut",
        "Markt der Möglichkeiten",
    ],
}
ORGANISATIONS = [
    "Diakonisches Werk",
    "Caritasverband",
    "Deutscher Kinderschutzbund, Ortsverband",
    "AWO Kreisverband",
    "Familienservicebüro",
    "DGB Region",
    "Der Paritätische",
    "Evangelische Familienbildungsstätte",
    "Stadtjugendring",
    "Volkshochschule",
    "Unternehmerverband",
    "Kirchengemeinde St. Johannis",
    "Sportverein TuS",
]
VENUES = [
    "Stadtteiltreff",
    "Familienzentrum",
    "Gemeindehaus",
    "Stadtbibliothek",
    "Jugendzentrum",
    "Grundschule am Park",
    "Bürgerhaus",
    "Kita Sonnenschein",
    "Marktplatz",
]
STREETS = [
    "Bahnhofstraße",
    "Lindenallee",
    "Kirchplatz",
    "Schulstraße",
    "Am Markt",
    "Gartenweg",
    "Hauptstraße",
    "Mühlenweg",
]
AUDIENCES = [
    "Familien mit Kindern",
    "Kinder und Jugendliche",
    "Alleinerziehende",
    "Fachkräfte aus Kita und Schule",
    "Eltern und Großeltern",
]
PROJECT_NAMES = [
    "Brotzeit für Kinder",
    "Lesepaten",
    "Kinder stark machen",
    "Mittagstisch Sonnenblume",
    "Familienlotsen",
    "Ferien für alle",
    "Sport verbindet",
    "Bildungsbegleiter",
    "Kinderkleiderkammer",
    "Gesund aufwachsen",
    "Netzwerk Frühe Chancen",
    "Spielmobil",
    "Musik für alle Kinder",
    "Hausaufgabenhilfe plus",
    "Elterncafé",
    "Kinderrechte-Botschafter",
]
PARTNERS = [
    "Jobcenter",
    "Jugendamt",
    "Tafel e. V.",
    "Grundschule",
    "Kita-Verbund",
    "Sparkassenstiftung",
    "Landfrauenverein",
    "Stadtbibliothek",
    "Gesundheitsamt",
    "Kirchenkreis",
    "Sportbund",
    "Volkshochschule",
    "Handwerkskammer",
]
SUMMARIES = [
    "Ein Tag zum Mitmachen für Kinder und Familien – kostenfrei und offen für alle.",
    "Wir zeigen, was vor Ort gegen Kinderarmut hilft, und laden zum Gespräch ein.",
    "Angebote zum Ausprobieren, Informationen und Beratung an einem Ort.",
]


class DemoExists(Exception):
    """Demo accounts are already present; the demo is created only once per database."""


def _city(region: Region) -> str:
    name = region.name.removeprefix("Landkreis ").split(" (bis")[0]
    return {
        "Region Hannover": "Hannover",
        "Heidekreis": "Bad Fallingbostel",
        "Osterholz": "Osterholz-Scharmbeck",
        "Grafschaft Bentheim": "Nordhorn",
        "Ammerland": "Westerstede",
        "Friesland": "Jever",
        "Wesermarsch": "Brake",
        "Oldenburg": "Wildeshausen",
        "Emsland": "Meppen",
        "Harburg": "Winsen (Luhe)",
        "Lüchow-Dannenberg": "Lüchow",
        "Hameln-Pyrmont": "Hameln",
        "Osterode am Harz": "Osterode am Harz",
        "Schaumburg": "Stadthagen",
        "Rotenburg (Wümme)": "Rotenburg (Wümme)",
        "Nienburg/Weser": "Nienburg",
    }.get(name, name)


def _instant(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), BERLIN).astimezone(UTC)


class _Builder:
    def __init__(self, today: date):
        self.rng = random.Random(2010)
        self.today = today
        self.counter = 0
        self.themes = db.session.scalars(select(Theme).order_by(Theme.position)).all()
        self.regions = db.session.scalars(select(Region).order_by(Region.ags)).all()

    def uid(self) -> str:
        self.counter += 1
        return str(uuid.uuid5(DEMO_NAMESPACE, f"event-{self.counter}"))

    def regions_on(self, day: date) -> list[Region]:
        return [r for r in self.regions if r.is_valid_on(day)]

    def event(
        self,
        campaign: Campaign,
        kind: EventKind,
        day: date,
        region: Region | None,
        status: ReviewState,
        owner: User | None,
        project: Project | None,
    ) -> Event:
        rng = self.rng
        theme_list = rng.sample(self.themes, k=rng.choice([1, 1, 2]))
        if kind == EventKind.IDEAS_WORKSHOP:
            title = f"Ideenwerkstatt {campaign.year}"
            if region is not None:
                title += f" – {region.name}"
        else:
            title = rng.choice(TITLES[theme_list[0].slug])
        city = _city(region) if region else "Hannover"
        event = Event(
            uid=self.uid(),
            kind=kind.value,
            campaign=campaign,
            region=region,
            project=project,
            title=title,
            summary=rng.choice(SUMMARIES),
            description=(
                f"**{title}** in {city}.\n\n"
                "- Mitmach-Angebote für Kinder\n- Information und Beratung für Eltern\n"
                "- Austausch mit Fachleuten aus der Region\n\n"
                "Veranstaltet im Rahmen der Aktionstage gegen Kinderarmut."
            ),
            venue_name=f"{rng.choice(VENUES)} {city}",
            venue_street=(f"{rng.choice(STREETS)} {rng.randint(1, 80)}"),
            venue_postal_code=f"{rng.randint(21000, 49999)}",
            venue_city=city,
            latitude=round(region.latitude + rng.uniform(-0.05, 0.05), 5) if region else 52.3745,
            longitude=round(region.longitude + rng.uniform(-0.05, 0.05), 5) if region else 9.7386,
            organisation=f"{rng.choice(ORGANISATIONS)} {city}",
            contact_name=owner.name if owner else None,
            contact_email=owner.email if owner else None,
            target_age_min=rng.choice([None, 0, 3, 6, 10]),
            target_audience=rng.choice(AUDIENCES),
            accessibility=rng.choice(
                [None, "Barrierefreier Zugang, rollstuhlgerechtes WC.", "Ebenerdig erreichbar."]
            ),
            cost=rng.choice(["kostenlos", "kostenlos", "Spende erbeten"]),
            registration_url=None,
            themes=theme_list,
            created_by=owner,
            status=status.value,
            sequence=0,
        )
        if event.target_age_min is not None:
            event.target_age_max = event.target_age_min + rng.choice([4, 6, 8])
        if rng.random() < 0.25:
            event.set_all_day(day, day + timedelta(days=rng.choice([0, 0, 1])))
        else:
            hour = rng.choice([9, 10, 14, 15])
            event.set_timed(_instant(day, hour), _instant(day, hour + rng.choice([2, 3, 5])))
        stamp = _instant(day - timedelta(days=rng.randint(30, 90)), 9)
        event.created_at = stamp
        event.updated_at = stamp
        if status in (
            ReviewState.SUBMITTED,
            ReviewState.PUBLISHED,
            ReviewState.CANCELLED,
            ReviewState.REJECTED,
        ):
            event.submitted_at = stamp
        if status in (ReviewState.PUBLISHED, ReviewState.CANCELLED):
            event.published_at = stamp + timedelta(days=3)
            event.updated_at = event.published_at
        if status == ReviewState.CANCELLED:
            event.sequence = 1
            event.cancellation_reason = "Die Veranstaltung muss leider wegen Krankheit ausfallen."
            event.cancelled_at = stamp + timedelta(days=20)
            event.updated_at = event.cancelled_at
        if status == ReviewState.REJECTED:
            event.rejection_reason = "Bitte ergänzen Sie den Veranstaltungsort und die Zielgruppe."
        db.session.add(event)
        return event

    def report(self, event: Event) -> Report:
        rng = self.rng
        participants = rng.randint(15, 250)
        report = Report(
            event=event,
            created_by=event.created_by,
            participants=participants,
            children_reached=rng.randint(5, participants),
            volunteers=rng.randint(1, 25),
            partner_organisations=rng.randint(0, 8),
            outcome="Gute Resonanz; viele Familien haben Beratungsangebote kennengelernt.",
            continues=rng.random() < 0.6,
        )
        report.created_at = report.updated_at = event.local_end.astimezone(UTC) + timedelta(days=7)
        db.session.add(report)
        return report


def _current_campaign(today: date) -> Campaign:
    year = today.year if today.month < 11 else today.year + 1
    campaign = db.session.scalar(select(Campaign).where(Campaign.year == year))
    if campaign is None:
        campaign = Campaign(
            year=year,
            title=f"Aktionstage gegen Kinderarmut {year}",
            motto="Gemeinsam stark für Kinder",
            registration_opens_on=date(year - 1, 11, 1),
            registration_closes_on=date(year, 8, 31),
            action_starts_on=date(year, 4, 15),
            action_ends_on=date(year, 10, 15),
            notes="Demo-Kampagne (keine historischen Daten).",
        )
        db.session.add(campaign)
        db.session.flush()
    return campaign


def create_demo_data(today: date) -> dict[str, int]:
    """Create the demo content for the given reference date; flushes, never commits."""
    if db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0])):
        raise DemoExists
    accounts = {}
    for email, name, role, slugs, organisation in DEMO_ACCOUNTS:
        regions = db.session.scalars(select(Region).where(Region.slug.in_(slugs))).all()
        accounts[email] = create_user(
            email=email,
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            regions=regions,
            organisation=organisation,
            status=AccountStatus.ACTIVE,
        )
    pending = create_user(
        email="neu@example.org",
        name="Nora Neumann",
        role=Role.ORGANISER,
        password=DEMO_PASSWORD,
        organisation="Tafel Celle (Demo)",
        regions=db.session.scalars(select(Region).where(Region.slug == "landkreis-celle")).all(),
        status=AccountStatus.PENDING,
    )
    organisers = [u for u in accounts.values() if u.role == Role.ORGANISER]
    owner_of = {r.id: u for u in organisers for r in u.regions}

    builder = _Builder(today)
    rng = builder.rng
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year)).all()
    current = _current_campaign(today)
    if current not in campaigns:
        campaigns.append(current)

    projects = []
    for index, name in enumerate(PROJECT_NAMES * 2):
        region = rng.choice(builder.regions_on(date(2014, 1, 1)))
        years = sorted(
            rng.sample([c for c in campaigns if c.year <= 2014], k=rng.choice([1, 2, 3])),
            key=lambda c: c.year,
        )
        project = Project(
            name=f"{name} {_city(region)}",
            organisation=f"{rng.choice(ORGANISATIONS)} {_city(region)}",
            region=region,
            themes=rng.sample(builder.themes, k=rng.choice([1, 2])),
            description="Ein Projekt, das Kindern aus Familien mit wenig Geld Teilhabe ermöglicht.",
            website=f"https://projekt-{index + 1}.example.org",
            target_group=rng.choice(AUDIENCES),
            campaigns=years,
            continues_after_campaign=rng.random() < 0.65,
            status=ReviewState.PUBLISHED.value if index % 9 else ReviewState.SUBMITTED.value,
            created_by=owner_of.get(region.id),
        )
        if project.continues_after_campaign:
            project.sustainability_note = (
                "Wird nach den Aktionstagen mit kommunaler Förderung fortgesetzt."
            )
        project.partners = [
            ProjectPartner(name=p) for p in rng.sample(PARTNERS, k=rng.randint(1, 4))
        ]
        stamp = _instant(date(years[0].year, 3, 1), 9)
        project.created_at = project.updated_at = stamp
        if project.status == ReviewState.PUBLISHED:
            project.published_at = stamp
        db.session.add(project)
        projects.append(project)
    db.session.flush()

    counts = {"events": 0, "reports": 0, "projects": len(projects), "accounts": len(accounts) + 1}
    for campaign in campaigns:
        is_current = campaign is current
        workshop_day = campaign.action_starts_on - timedelta(days=rng.randint(20, 50))
        workshop = builder.event(
            campaign,
            EventKind.IDEAS_WORKSHOP,
            workshop_day,
            None,
            ReviewState.PUBLISHED,
            accounts["pruefung@example.org"],
            None,
        )
        counts["events"] += 1
        if workshop.has_ended_on(today):
            builder.report(workshop)
            counts["reports"] += 1
        regions = builder.regions_on(campaign.action_starts_on)
        span = (campaign.action_ends_on - campaign.action_starts_on).days
        for _ in range(30 if is_current else 50):
            region = rng.choice(regions)
            day = campaign.action_starts_on + timedelta(days=rng.randint(0, span))
            roll = rng.random()
            if is_current:
                status = (
                    ReviewState.DRAFT
                    if roll < 0.15
                    else ReviewState.SUBMITTED
                    if roll < 0.35
                    else ReviewState.REJECTED
                    if roll < 0.4
                    else ReviewState.CANCELLED
                    if roll < 0.45
                    else ReviewState.PUBLISHED
                )
            else:
                status = ReviewState.CANCELLED if roll < 0.06 else ReviewState.PUBLISHED
            candidates = [
                p for p in projects if p.region_id == region.id and campaign in p.campaigns
            ]
            project = rng.choice(candidates) if candidates and rng.random() < 0.7 else None
            event = builder.event(
                campaign,
                EventKind.ACTION_DAY,
                day,
                region,
                status,
                owner_of.get(region.id),
                project,
            )
            counts["events"] += 1
            if (
                status == ReviewState.PUBLISHED
                and event.has_ended_on(today)
                and rng.random() < 0.85
            ):
                builder.report(event)
                counts["reports"] += 1
    db.session.flush()
    create_demo_retrospectives(accounts["pruefung@example.org"])
    counts["indicator_values"] = create_demo_indicators(accounts["pruefung@example.org"])
    log.info("demo data created: %s (pending account %s)", counts, pending.email)
    return counts
