"""The field specs drive form, import and history: every field the spec marks appears there."""

import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Event, Project, Role
from actiondays.models.event import BERLIN
from actiondays.services.events import EventData
from actiondays.services.imports import COLUMNS
from actiondays.services.projects import ProjectData
from actiondays.services.reports import ReportData
from actiondays.spec import history_labels
from actiondays.spec.events import EVENT_FIELDS
from actiondays.spec.projects import PROJECT_FIELDS
from actiondays.spec.reports import REPORT_FIELDS
from tests.conftest import campaign, csrf_token, event_form, html, region, text_of, theme

README = Path(__file__).resolve().parents[2] / "README.md"
SPECS = [
    ("/manage/events/new", EVENT_FIELDS, EventData),
    ("/manage/projects/new", PROJECT_FIELDS, ProjectData),
]


@pytest.mark.parametrize(("url", "fields", "data_class"), SPECS)
def test_the_form_offers_every_field_of_the_spec(
    client, login_as, open_campaign, url, fields, data_class
):
    login_as()
    page = html(client.get(url))
    for f in fields:
        control = page.select_one(f"main form [name={f.name}]")  # not <meta name=description>
        assert control is not None, f.name
        assert page.select_one(f"label[for={control['id']}]") or page.select_one(
            f"fieldset:has([name={f.name}]) legend"
        ), f.name
        assert hasattr(data_class(), f.key), f.name


def test_the_report_form_offers_every_field_of_the_spec(
    client, login_as, make_event, open_campaign
):
    login_as()
    event = make_event(campaign=open_campaign, day=datetime.now(BERLIN).date() - timedelta(days=2))
    page = html(client.get(f"/manage/events/{event.id}/report"))
    for f in REPORT_FIELDS:
        control = page.select_one(f"main form [name={f.name}]")
        assert control is not None, f.name
        assert page.select_one(f"label[for={control['id']}]") or page.select_one(
            f"fieldset:has([name={f.name}]) legend"
        ), f.name
        assert hasattr(ReportData(), f.key), f.name


def test_the_import_template_has_a_column_for_every_imported_field(client, login_as):
    login_as()
    sheet = load_workbook(io.BytesIO(client.get("/manage/import/vorlage.xlsx").get_data())).active
    headers = [c.value for c in sheet[1]]
    assert headers == [f.column for f in EVENT_FIELDS if f.column]
    assert [key for key, *_rest in COLUMNS] == [f.name for f in EVENT_FIELDS if f.column]


@pytest.mark.parametrize("fields", [EVENT_FIELDS, PROJECT_FIELDS, REPORT_FIELDS])
def test_the_history_names_every_field_of_the_spec(app, fields):
    labels = history_labels(fields)
    for f in fields:
        keys = f.history or (f.name,)
        assert all(labels[key] is f.label for key in keys), f.name


def test_readme_lists_the_import_columns_of_the_spec():
    section = README.read_text(encoding="utf-8").split("### Bulk import", 1)[1].split("\n## ")[0]
    rows = re.findall(r"^\| `([^`]+)` \| (yes|no) \|", section, flags=re.MULTILINE)
    assert rows == [(header, "yes" if required else "no") for _k, header, required, _e in COLUMNS]


def test_the_event_form_accepts_german_dates(client, login_as, open_campaign):
    login_as()
    page = client.get("/manage/events/new")
    day = datetime.now(BERLIN).date() + timedelta(days=12)
    data = event_form(
        open_campaign.id,
        region("region-hannover").id,
        [theme("bildung").id],
        start_date=day.strftime("%d.%m.%Y"),
        end_date=(day + timedelta(days=1)).strftime("%d.%m.%Y"),
    )
    data.update(
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
    )
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 302
    event = db.session.scalars(select(Event)).one()
    assert (event.starts_on, event.ends_on) == (day, day + timedelta(days=1))


def test_the_history_shows_labels_and_old_and_new_values(client, login_as, make_event):
    login_as(role=Role.REVIEWER)
    event = make_event(status="draft")
    page = client.get(f"/manage/events/{event.id}/edit")
    form = html(page).select_one("form.event-form")
    data = {}
    for control in form.select("input, textarea, select"):
        name = control.get("name")
        if not name or control.get("type") in ("submit",):
            continue
        if control.name == "select":
            chosen = control.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif control.get("type") in ("checkbox", "radio"):
            if control.has_attr("checked"):
                data.setdefault(name, []).append(control["value"])
        elif control.name == "textarea":
            data[name] = control.get_text()
        else:
            data[name] = control.get("value", "")
    data.update(title="Neues Lesefest", venue_postal_code="30161")
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 302, text_of(html(response).select_one(".error-summary"))
    history = text_of(
        html(client.get(f"/manage/events/{event.id}")).select_one("#history-title").parent
    )
    assert "Titel: Lesefest in der Stadtbibliothek → Neues Lesefest" in history
    assert "Postleitzahl: 30159 → 30161" in history
    for column in ("venue_postal_code", "title", "sequence", "Fassung"):
        assert column not in history


def test_the_project_history_shows_labels(client, login_as, seeded):
    login_as()
    page = client.get("/manage/projects/new")
    response = client.post(
        "/manage/projects/new",
        data={
            "csrf_token": csrf_token(page),
            "form_token": html(page).select_one("input[name=form_token]")["value"],
            "name": "Lesepaten",
            "organisation": "Bürgerstiftung",
            "region_id": str(region("region-hannover").id),
            "themes": [str(theme("bildung").id)],
            "campaign_ids": [str(campaign(2013).id)],
        },
    )
    assert response.status_code == 302
    project = db.session.scalars(select(Project)).one()
    history = text_of(
        html(client.get(f"/manage/projects/{project.id}")).select_one("#history-title").parent
    )
    assert "Name des Projekts: – → Lesepaten" in history
    assert "campaign_ids" not in history
    assert "organisation" not in history


def test_the_event_history_names_the_report_fields(client, login_as, make_event, open_campaign):
    login_as()
    event = make_event(campaign=open_campaign, day=datetime.now(BERLIN).date() - timedelta(days=2))
    page = client.get(f"/manage/events/{event.id}/report")
    response = client.post(
        f"/manage/events/{event.id}/report",
        data={
            "csrf_token": csrf_token(page),
            "participants": "40",
            "outcome": "Viele Familien kamen.",
            "continues": "yes",
        },
    )
    assert response.status_code == 302
    report = db.session.scalars(select(Event)).one().report
    assert (report.participants, report.volunteers, report.partner_names) == (40, 0, None)
    history = text_of(
        html(client.get(f"/manage/events/{event.id}")).select_one("#history-title").parent
    )
    assert "Teilnehmende: – → 40" in history
    assert "Geht es weiter?: – → Ja" in history
    assert "participants" not in history
    page = html(client.get(f"/manage/events/{event.id}/report"))
    assert page.select_one("input[name=participants]")["value"] == "40"
    assert page.select_one("input[name=continues][value=yes]").has_attr("checked")


@pytest.mark.parametrize(
    ("fields", "component"), [(EVENT_FIELDS, "Event"), (PROJECT_FIELDS, "Project")]
)
def test_the_api_document_offers_every_public_field_of_the_spec(client, fields, component):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for f in fields:
        if not f.public:
            continue
        schema = schemas[component]
        *objects, name = f.api_property.split(".")
        for nested in objects:  # venue.name: the Venue component's name
            assert schema["properties"][nested]["$ref"].endswith(f"/{nested.title()}"), f.name
            schema = schemas[nested.title()]
        assert name in schema["properties"], f.name
        assert name in schema["required"], f.name
        assert schema["properties"][name]["description"] == f.description, f.name
    assert schemas["Event"]["properties"]["description"]["description"] == "Markdown."
    assert schemas["Venue"]["properties"]["latitude"]["type"] == ["number", "null"]
    assert schemas["Project"]["properties"]["continues_after_campaign"]["type"] == [
        "boolean",
        "null",
    ]


def test_every_spec_is_walked_by_these_tests():
    """A new spec module (a *_FIELDS tuple in actiondays/spec) must join the walks above or in
    tests/funding and tests/indicators, so its form, import, history and API are checked."""
    import importlib
    import pkgutil

    import actiondays.spec
    from actiondays.spec import Field
    from actiondays.spec.funding import APPLICATION_FIELDS, COST_ITEM_FIELDS
    from actiondays.spec.indicators import INDICATOR_VALUE_FIELDS

    walked = {
        "EVENT_FIELDS": EVENT_FIELDS,  # form, import template, README, history, API
        "PROJECT_FIELDS": PROJECT_FIELDS,  # form, history, API
        "REPORT_FIELDS": REPORT_FIELDS,  # form, history (on the event)
        "APPLICATION_FIELDS": APPLICATION_FIELDS,  # tests/funding/test_field_spec.py
        "COST_ITEM_FIELDS": COST_ITEM_FIELDS,  # tests/funding/test_field_spec.py
        "INDICATOR_VALUE_FIELDS": INDICATOR_VALUE_FIELDS,  # tests/indicators/test_field_spec.py
    }
    found = {}
    for module in pkgutil.iter_modules(actiondays.spec.__path__):
        loaded = importlib.import_module(f"actiondays.spec.{module.name}")
        for name, value in vars(loaded).items():
            if name.endswith("_FIELDS") and all(isinstance(f, Field) for f in value):
                found[name] = value
    assert found == walked
    for fields in found.values():
        names = [f.name for f in fields]
        assert len(names) == len(set(names)), names
        columns = [f.column for f in fields if f.column]
        assert len(columns) == len(set(columns)), columns
    # every public field is in the API; only events and projects have public fields
    assert {name for name, fields in found.items() if any(f.public for f in fields)} == {
        "EVENT_FIELDS",
        "PROJECT_FIELDS",
    }
    # every field with an import column is in a tested import: events and indicator values
    assert {name for name, fields in found.items() if any(f.column for f in fields)} == {
        "EVENT_FIELDS",
        "INDICATOR_VALUE_FIELDS",
    }
