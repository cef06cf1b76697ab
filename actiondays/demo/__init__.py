"""Deterministic German demo content: accounts, events, projects and reports.

The same reference date gives the same content on an empty database: every random choice comes
from a seeded generator, UIDs are UUID5 values and timestamps derive from the event dates.
"""

import logging
import random
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Table, select, update

from actiondays.db import UTCDateTime
from actiondays.demo.funding import create_demo_funding
from actiondays.demo.indicators import create_demo_indicators
from actiondays.demo.portal import create_sample_pages
from actiondays.demo.retrospectives import create_demo_retrospectives
from actiondays.extensions import db
from actiondays.mail.accounts import confirm_address_without_mail
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
#: One summary per title, so cards read like real entries rather than one repeated sentence.
SUMMARIES = {
    "Lesefest in der Stadtbibliothek": "Vorlesen, Bücher tauschen und einen Bibliotheksausweis "
    "für jedes Kind – kostenlos.",
    "Hausaufgabenhilfe: Tag der offenen Tür": "Ehrenamtliche stellen die Hausaufgabenhilfe vor; "
    "Kinder können gleich mitmachen.",
    "Bücherbus-Aktionstag": "Der Bücherbus hält vor der Schule: Geschichten, Rätsel und Bücher "
    "zum Mitnehmen.",
    "Mitmach-Werkstatt Naturwissenschaften": "Experimente mit Wasser, Luft und Strom für "
    "Grundschulkinder.",
    "Bildungsmesse für Familien": "Schulen, Kitas und Beratungsstellen zeigen, welche Hilfen es "
    "für Lernmittel und Ausflüge gibt.",
    "Kochkurs: gesund essen mit kleinem Budget": "Gemeinsam kochen, was wenig kostet und satt "
    "macht; Rezepte zum Mitnehmen.",
    "Bewegungstag im Stadtpark": "Parcours, Ballspiele und Staffeln für Kinder jeden Alters.",
    "Zahngesundheitstag in der Kita": "Zahnputz-Training mit der Zahnärztin und eine Zahnbürste "
    "für jedes Kind.",
    "Familienfrühstück im Stadtteiltreff": "Ein gemeinsames Frühstück und Zeit für Fragen an die "
    "Familienberatung.",
    "Schwimmtag für Kinder": "Freier Eintritt ins Hallenbad und Schnupperkurse für Kinder, die "
    "noch nicht schwimmen können.",
    "Spielplatzfest für alle": "Spielmobil, Kinderschminken und Waffeln auf dem neuen Spielplatz.",
    "Kinder-Kulturtag": "Theater, Musik und Malen zum Ausprobieren – ohne Eintritt.",
    "Kleiderbörse und Spielzeugtausch": "Gut erhaltene Kinderkleidung und Spielzeug tauschen "
    "statt kaufen.",
    "Theaterprojekt „Alle an Bord“": "Kinder aus dem Stadtteil zeigen ihr selbst geschriebenes "
    "Theaterstück.",
    "Ferienpass-Aktionstag": "Der Ferienpass wird vorgestellt; viele Angebote sind für Kinder "
    "mit Bildungskarte kostenlos.",
    "Kinderrechte-Workshop": "Kinder erfahren, welche Rechte sie haben, und gestalten ein "
    "Plakat für das Rathaus.",
    "Netzwerktreffen Frühe Hilfen": "Fachkräfte aus Kita, Jugendamt und Gesundheitswesen "
    "stimmen ihre Angebote ab.",
    "Fachtag Kinderarmut im ländlichen Raum": "Vorträge und Gesprächsrunden: wie Hilfe auch "
    "in Dörfern ankommt.",
    "Runder Tisch gegen Kinderarmut": "Verbände, Kommune und Schulen beraten, was vor Ort fehlt.",
    "Markt der Möglichkeiten": "Vereine und Beratungsstellen stellen sich an Ständen vor.",
}
WORKSHOP_SUMMARY = "Auftakt des Kampagnenjahres: Ideen sammeln, Partner finden, Aktionen planen."
#: Age ranges that fit action days for children (None: all ages).
AGE_RANGES = [(None, None), (0, 6), (3, 10), (6, 12), (6, 14), (8, 14), (10, 16), (0, 12)]
CONTACT_NAMES = [
    "Anna Schröder",
    "Mehmet Yılmaz",
    "Katrin Vogel",
    "Olaf Hinrichs",
    "Sabine Wolter",
    "Daniel Brandt",
    "Fatma Demir",
    "Heike Ahrens",
    "Lukas Behrens",
    "Ingrid Tammen",
]
#: The main postal code of each town the demo places events in (from public knowledge;
#: assumed, not checked against Deutsche Post's directory). A missing town fails loudly.
POSTAL_CODES = {
    "Braunschweig": "38100",
    "Salzgitter": "38226",
    "Wolfsburg": "38440",
    "Gifhorn": "38518",
    "Göttingen": "37073",
    "Goslar": "38640",
    "Helmstedt": "38350",
    "Northeim": "37154",
    "Osterode am Harz": "37520",
    "Peine": "31224",
    "Wolfenbüttel": "38300",
    "Hannover": "30159",
    "Diepholz": "49356",
    "Hameln": "31785",
    "Hildesheim": "31134",
    "Holzminden": "37603",
    "Nienburg": "31582",
    "Stadthagen": "31655",
    "Celle": "29221",
    "Cuxhaven": "27472",
    "Winsen (Luhe)": "21423",
    "Lüchow": "29439",
    "Lüneburg": "21335",
    "Osterholz-Scharmbeck": "27711",
    "Rotenburg (Wümme)": "27356",
    "Bad Fallingbostel": "29683",
    "Stade": "21682",
    "Uelzen": "29525",
    "Verden": "27283",
    "Delmenhorst": "27749",
    "Emden": "26721",
    "Oldenburg (Oldb)": "26122",
    "Osnabrück": "49074",
    "Wilhelmshaven": "26382",
    "Westerstede": "26655",
    "Aurich": "26603",
    "Cloppenburg": "49661",
    "Meppen": "49716",
    "Jever": "26441",
    "Nordhorn": "48529",
    "Leer": "26789",
    "Wildeshausen": "27793",
    "Vechta": "49377",
    "Brake": "26919",
    "Wittmund": "26409",
}
_S = ReviewState
#: States of the current campaign's action days, in turn (about 55 % published).
CURRENT_STATES = [
    *[_S.PUBLISHED, _S.DRAFT, _S.PUBLISHED, _S.SUBMITTED, _S.PUBLISHED],
    *[_S.PUBLISHED, _S.SUBMITTED, _S.REJECTED, _S.PUBLISHED, _S.DRAFT],
    *[_S.PUBLISHED, _S.CANCELLED, _S.SUBMITTED, _S.PUBLISHED, _S.PUBLISHED],
    *[_S.DRAFT, _S.PUBLISHED, _S.SUBMITTED, _S.PUBLISHED, _S.PUBLISHED],
]
_EVENT_INSTANTS = frozenset({"starts_at", "ends_at"})
#: Tables the demo writes; their timestamps are kept at or before the reference moment.
_DEMO_TABLES = (
    "users",
    "audit_entries",
    "campaigns",
    "events",
    "projects",
    "reports",
    "retrospectives",
    "site_pages",
    "site_page_versions",
    "mail_settings",
    "funding_programmes",
    "funding_calls",
    "funding_tiers",
    "funding_applications",
    "funding_cost_items",
    "funding_payouts",
    "indicators",
)


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


def _mail_domain(organisation: str) -> str:
    """A made-up but plausible mail domain of an organisation (example.org, never real)."""
    ascii_name = (
        organisation.lower()
        .replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("ß", "ss")
    )
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name))[:50] + ".example.org"


def reference_moment(today: date) -> datetime:
    """The demo's "now": the start of --today in Europe/Berlin. No timestamp lies after it."""
    return _instant(today, 0)


class _Builder:
    def __init__(self, today: date):
        self.rng = random.Random(2010)
        self.today = today
        self.moment = reference_moment(today)
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
        summary = WORKSHOP_SUMMARY if kind == EventKind.IDEAS_WORKSHOP else SUMMARIES[title]
        organisation = (
            "Landesstelle Aktionstage gegen Kinderarmut (Demo)"
            if kind == EventKind.IDEAS_WORKSHOP
            else f"{rng.choice(ORGANISATIONS)} {city}"
        )
        age_min, age_max = rng.choice(AGE_RANGES)
        event = Event(
            uid=self.uid(),
            kind=kind.value,
            campaign=campaign,
            region=region,
            project=project,
            title=title,
            summary=summary,
            description=(
                f"**{title}** in {city}.\n\n{summary}\n\n"
                "Veranstaltet im Rahmen der Aktionstage gegen Kinderarmut."
            ),
            venue_name=f"{rng.choice(VENUES)} {city}",
            venue_street=(f"{rng.choice(STREETS)} {rng.randint(1, 80)}"),
            venue_postal_code=POSTAL_CODES[city],
            venue_city=city,
            latitude=round(region.latitude + rng.uniform(-0.05, 0.05), 5) if region else 52.3745,
            longitude=round(region.longitude + rng.uniform(-0.05, 0.05), 5) if region else 9.7386,
            organisation=organisation,
            # The organisation's own contact, never the account holder's or the reviewer's.
            contact_name=rng.choice(CONTACT_NAMES),
            contact_email=f"kontakt@{_mail_domain(organisation)}",
            target_age_min=age_min,
            target_age_max=age_max,
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
        if rng.random() < 0.25:
            event.set_all_day(day, day + timedelta(days=rng.choice([0, 0, 1])))
        else:
            hour = rng.choice([9, 10, 14, 15])
            event.set_timed(_instant(day, hour), _instant(day, hour + rng.choice([2, 3, 5])))
        stamp = _instant(day - timedelta(days=rng.randint(30, 90)), 9)
        if stamp > self.moment - timedelta(days=2):
            # Entered before the reference day, however soon the event itself is.
            stamp = self.moment - timedelta(days=rng.randint(2, 25), hours=rng.randint(1, 12))
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
            event.published_at = min(stamp + timedelta(days=3), self.moment)
            event.updated_at = event.published_at
        if status == ReviewState.CANCELLED:
            event.sequence = 1
            event.cancellation_reason = "Die Veranstaltung muss leider wegen Krankheit ausfallen."
            event.cancelled_at = min(stamp + timedelta(days=20), self.moment)
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
        filed = min(event.local_end.astimezone(UTC) + timedelta(days=7), self.moment)
        report.created_at = report.updated_at = filed
        db.session.add(report)
        return report


def _current_campaign(today: date) -> Campaign:
    """The campaign the app shows as "now" on that day: this year's until its action period
    ends (15 October), then next year's."""
    year = today.year if today <= date(today.year, 10, 15) else today.year + 1
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
    # The demo request has confirmed its address, so a reviewer can approve it (no mail).
    confirm_address_without_mail(pending, at=reference_moment(today))
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
        project.created_at = project.updated_at = project.submitted_at = stamp
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
        for number in range(30 if is_current else 50):
            region = rng.choice(regions)
            day = campaign.action_starts_on + timedelta(days=rng.randint(0, span))
            roll = rng.random()
            if is_current:
                # A fixed mix, so every state of the life cycle is always there to look at.
                status = CURRENT_STATES[number % len(CURRENT_STATES)]
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
    counts.update(create_demo_funding(accounts, today, DEMO_PASSWORD))
    create_demo_retrospectives(accounts["pruefung@example.org"])
    counts["indicator_values"] = create_demo_indicators(accounts["pruefung@example.org"])
    create_sample_pages(accounts["admin@example.org"])
    _keep_timestamps_before(builder.moment)
    log.info("demo data created: %s (pending account %s)", counts, pending.email)
    return counts


def _keep_timestamps_before(moment: datetime) -> None:
    """No record timestamp of the demo lies after its reference moment: accounts, audit
    entries and the like are stamped by the clock when created, so they are moved back to the
    moment. (Event instants, `starts_at`/`ends_at`, are the events' dates, not records.)"""
    db.session.flush()
    for name in _DEMO_TABLES:
        table: Table = db.metadata.tables[name]
        for column in table.columns:
            if not isinstance(column.type, UTCDateTime) or column.name in _EVENT_INSTANTS:
                continue
            values = {column.name: moment}
            if "updated_at" in table.c and column.name != "updated_at":
                values["updated_at"] = table.c.updated_at  # not a change: no onupdate stamp
            db.session.execute(update(table).where(column > moment).values(values))
    db.session.expire_all()
