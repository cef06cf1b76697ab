"""Sample texts of the legal and trust pages for the demo, clearly marked as samples.

They show what each page must cover (§ 5 DDG, GDPR Art. 13, BITV 2.0 § 7); an operator
replaces them with their own texts in the admin area before going live.
"""

from actiondays.services.portal.pages import save_page

SAMPLE_DE = (
    "> **Mustertext der Demo.** Dieser Text zeigt, was hier stehen muss. Der Betreiber "
    "ersetzt ihn vor dem Start im Verwaltungsbereich durch seinen eigenen Text.\n\n"
)
SAMPLE_EN = (
    "> **Demo sample text.** This text shows what belongs here. The operator replaces it with "
    "their own text in the admin area before going live.\n\n"
)

PAGES = {
    ("impressum", "de"): (
        "Impressum",
        SAMPLE_DE + "## Angaben nach § 5 DDG\n\n"
        "Die Angaben zum Betreiber oben stammen aus der Konfiguration.\n\n"
        "**Vertreten durch:** die Leitung der Landesstelle (Beispiel)\n\n"
        "**Telefon:** 0511 000000 (Beispiel)\n\n"
        "## Verantwortlich für den Inhalt\n\n"
        "Redaktion Aktionstage gegen Kinderarmut, Anschrift wie oben (Beispiel).\n\n"
        "## Inhalte der Veranstalter\n\n"
        "Veranstaltungen und Projekte tragen die Veranstalter vor Ort ein. Die Kampagnenstelle "
        "prüft jeden Eintrag vor der Veröffentlichung.",
    ),
    ("impressum", "en"): (
        "Legal notice",
        SAMPLE_EN + "## Information according to § 5 DDG\n\n"
        "The operator details above come from the configuration.\n\n"
        "**Represented by:** the head of the state office (example)\n\n"
        "**Phone:** +49 511 000000 (example)\n\n"
        "## Responsible for the content\n\n"
        "Editorial office of the action days against child poverty, address as above "
        "(example).\n\n"
        "## Content of the organisers\n\n"
        "Local organisers enter events and projects. The campaign office checks every entry "
        "before it is published.",
    ),
    ("datenschutz", "de"): (
        "Datenschutzerklärung",
        SAMPLE_DE + "## Verantwortliche Stelle\n\n"
        "Verantwortlich ist der im Impressum genannte Betreiber. Die oder der "
        "Datenschutzbeauftragte ist unter datenschutz@example.org erreichbar (Beispiel).\n\n"
        "## Besuch der Website\n\n"
        "Beim Aufruf einer Seite verarbeitet der Server technisch nötige Daten (IP-Adresse, "
        "Zeitpunkt, aufgerufene Adresse). Sie werden nur für den sicheren Betrieb verwendet "
        "und nach 7 Tagen gelöscht (Art. 6 Abs. 1 lit. e DSGVO).\n\n"
        "## Konto für Veranstalter\n\n"
        "Für ein Konto speichern wir Name, Organisation, E-Mail-Adresse, Regionen und ein "
        "geschütztes Passwort, damit Sie Veranstaltungen eintragen können. Nicht bestätigte "
        "Anfragen löschen wir nach 90 Tagen. Fehlgeschlagene Anmeldeversuche speichern wir "
        "15 Minuten lang zum Schutz vor dem Erraten von Passwörtern. Angemeldet können Sie "
        "Ihre Daten unter „Meine Daten“ herunterladen und Ihr Konto schließen.\n\n"
        "## Kontaktformular\n\n"
        "Nachrichten speichern wir mit den Angaben, die Sie machen, und löschen sie nach "
        "einem Jahr. Zur Begrenzung der Nachrichtenzahl speichern wir statt Ihrer IP-Adresse "
        "nur einen nicht umkehrbaren Schlüssel.\n\n"
        "## Ihre Rechte\n\n"
        "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
        "Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei "
        "der Landesbeauftragten für den Datenschutz Niedersachsen.",
    ),
    ("datenschutz", "en"): (
        "Privacy statement",
        SAMPLE_EN + "## Controller\n\n"
        "The controller is the operator named in the legal notice. The data protection "
        "officer can be reached at datenschutz@example.org (example).\n\n"
        "## Visiting the website\n\n"
        "When you open a page, the server processes technically necessary data (IP address, "
        "time, address requested). It is used only to run the site securely and deleted after "
        "7 days (Art. 6(1)(e) GDPR).\n\n"
        "## Accounts for organisers\n\n"
        "For an account we store name, organisation, email address, regions and a protected "
        "password, so that you can register events. Requests not approved are deleted after "
        "90 days. Failed sign-in attempts are kept for 15 minutes to protect against password "
        "guessing. Once signed in, you can download your data and close your account under "
        "“My data”.\n\n"
        "## Contact form\n\n"
        "We store messages with the details you give and delete them after one year. To limit "
        "the number of messages we store a one-way key instead of your IP address.\n\n"
        "## Your rights\n\n"
        "You have the right of access, rectification, erasure, restriction, data portability "
        "and objection, and the right to lodge a complaint with the data protection authority "
        "of Lower Saxony.",
    ),
    ("barrierefreiheit", "de"): (
        "Erklärung zur Barrierefreiheit",
        SAMPLE_DE + "Der Betreiber ist bemüht, diese Website im Einklang mit der Barrierefreie-"
        "Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.\n\n"
        "## Stand der Vereinbarkeit\n\n"
        "Diese Website ist wegen der folgenden Einschränkungen **teilweise** mit der BITV 2.0 "
        "vereinbar.\n\n"
        "## Nicht barrierefreie Inhalte\n\n"
        "- Die PDF-Fassungen der Rückblicke sind noch nicht mit Tags versehen. Bis sie "
        "getaggt sind, stehen dieselben Inhalte als Webseite, CSV- und Excel-Datei bereit.\n"
        "- Das Video in Deutscher Gebärdensprache fehlt noch.\n"
        "- Texte, die Veranstalter selbst eintragen, prüfen wir nicht auf Leichte Sprache.\n\n"
        "## Erstellung dieser Erklärung\n\n"
        "Grundlage ist eine Selbstbewertung mit automatischen Prüfungen (axe) und Tests mit "
        "Tastatur und ohne JavaScript.",
    ),
    ("barrierefreiheit", "en"): (
        "Accessibility statement",
        SAMPLE_EN + "The operator aims to make this website accessible in line with the German "
        "accessibility regulation for public bodies (BITV 2.0).\n\n"
        "## Compliance status\n\n"
        "This website is **partially** compliant with BITV 2.0 because of the limitations "
        "below.\n\n"
        "## Content that is not accessible\n\n"
        "- The PDF versions of the retrospectives are not tagged yet. Until they are, the same "
        "content is available as a web page, CSV and Excel file.\n"
        "- The video in German Sign Language is still missing.\n"
        "- Texts entered by organisers are not checked for easy language.\n\n"
        "## Preparation of this statement\n\n"
        "It is based on a self-assessment with automated checks (axe) and tests with the "
        "keyboard and without JavaScript.",
    ),
    ("kontakt", "de"): (
        "Kontakt",
        SAMPLE_DE + "Die Kampagnenstelle ist montags bis donnerstags von 9 bis 15 Uhr "
        "telefonisch erreichbar: 0511 000000 (Beispiel).",
    ),
    ("kontakt", "en"): (
        "Contact",
        SAMPLE_EN + "The campaign office can be reached by phone Monday to Thursday, "
        "9 am to 3 pm: +49 511 000000 (example).",
    ),
    ("ueber", "de"): (
        "Über die Aktionstage",
        SAMPLE_DE
        + "Die Aktionstage gegen Kinderarmut machen sichtbar, was Kinder in Armut erleben und "
        "was ihnen hilft. Kirchen, Kinderschutz-, Wohlfahrts- und Familienverbände, Kommunen, "
        "Gewerkschaften und Arbeitgeberverbände laden in den Landkreisen und kreisfreien "
        "Städten zu Mitmachtagen ein.\n\n"
        "## Das Bündnis\n\n"
        "Die Aktionstage sind Teil des Landesbündnisses für alle Kinder. Jedes Jahr beginnt "
        "mit einer Ideenwerkstatt; nach jedem Jahr erscheint ein Rückblick.\n\n"
        "## Themen\n\n"
        "Bildung, Gesundheit, gesellschaftliche Teilhabe und Vernetzung.",
    ),
    ("ueber", "en"): (
        "About the action days",
        SAMPLE_EN
        + "The action days against child poverty show what children in poverty experience "
        "and what helps them. Churches, child protection, welfare and family associations, "
        "municipalities, unions and employers' associations invite people to action days in "
        "the districts and independent cities.\n\n"
        "## The alliance\n\n"
        "The action days are part of the state's alliance for all children. Each year opens "
        "with an ideas workshop; after each year a retrospective is published.\n\n"
        "## Themes\n\n"
        "Education, health, participation and networking.",
    ),
}


def create_sample_pages(admin) -> int:
    """Every legal and trust page in German and English, as the demo admin."""
    for (slug, language), (title, body) in PAGES.items():
        save_page(slug, language, title, body, admin)
    return len(PAGES)
