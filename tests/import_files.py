"""Spreadsheets for the import tests, in the layout of the shipped template."""

import csv
import io
from datetime import datetime, timedelta

from openpyxl import Workbook

from actiondays.models.event import BERLIN
from actiondays.services.imports import COLUMNS

HEADERS = [header for _key, header, _required, _example in COLUMNS]


def day_text(offset=10) -> str:
    return (datetime.now(BERLIN).date() + timedelta(days=offset)).strftime("%d.%m.%Y")


def row(year, **overrides) -> dict:
    row = {
        "Art": "Aktionstag",
        "Kampagnenjahr": str(year),
        "Region": "Region Hannover",
        "Titel": "Spielefest",
        "Themen": "Bildung, Gesundheit",
        "Ganztägig": "nein",
        "Erster Tag": day_text(),
        "Beginn": "10:00",
        "Ende": "14:00",
        "Veranstaltungsort": "Stadtpark",
        "PLZ": "30159",
        "Ort": "Hannover",
        "Veranstalter": "Kinderschutzbund",
    }
    row.update(overrides)
    return row


def csv_bytes(rows, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows([row.get(h, "") for h in HEADERS] for row in rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
