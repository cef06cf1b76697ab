"""XLSX of a call's applications for the accounts department: amounts as numbers in euros."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from actiondays.exports.tables import neutralise

EURO_FORMAT = '#,##0.00 "€"'


def render_applications_xlsx(
    title: str, columns: list[str], rows: list[list], money: set[int]
) -> bytes:
    """One sheet: bold headings, frozen first row; the `money` columns as numbers with a euro
    number format (never text), dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Anträge"
    workbook.properties.title = title
    sheet.append([neutralise(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([v if isinstance(v, int | Decimal) else neutralise(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            if index in money and cell.value is not None:
                cell.number_format = EURO_FORMAT
            elif cell.is_date:
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
            max(len(str(column)), 12) + 2, 40
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
