"""Backup and restore of every table, the same way on SQLite and PostgreSQL.

`flask --app actiondays backup FILE` writes one JSON document (gzip-compressed when FILE ends
in .gz) with the schema revision and every row of every table; `flask --app actiondays restore
FILE` loads it into a database migrated to the same revision, replacing what is there, in one
transaction. Being engine-neutral, a backup of the embedded SQLite file restores into PostgreSQL
and back. Large installations may prefer `pg_dump` (see README "Security and operations").
"""

import base64
import gzip
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Date, DateTime, LargeBinary, Numeric, delete, func, insert, select, text

from actiondays.extensions import db

FORMAT = "actiondays-backup/1"


class BackupError(Exception):
    """The file cannot be restored here (format, schema revision)."""


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _revision() -> str | None:
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def dump() -> dict:
    """Every row of every table as plain JSON values, with the schema revision."""
    tables = {}
    for table in db.metadata.sorted_tables:
        order = [c for c in table.primary_key.columns] or list(table.columns)
        rows = db.session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "revision": _revision(), "tables": tables}


def _typed(table, row: dict) -> dict:
    values = {}
    for name, value in row.items():
        kind = table.columns[name].type
        kind = getattr(kind, "impl", kind)  # TypeDecorators (UTCDateTime) by what they wrap
        if value is not None:
            if isinstance(kind, LargeBinary):
                value = base64.b64decode(value)
            elif isinstance(kind, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(kind, Date):
                value = date.fromisoformat(value)
            elif isinstance(kind, Numeric) and isinstance(value, str):
                value = Decimal(value)
        values[name] = value
    return values


def load(document: dict) -> dict[str, int]:
    """Replace every table's rows with the document's; flushes, never commits."""
    if document.get("format") != FORMAT:
        raise BackupError("not an actiondays backup")
    if document.get("revision") != _revision():
        raise BackupError(
            f"backup is of schema revision {document.get('revision')}, this database is at "
            f"{_revision()}: run `flask db upgrade` (or restore into a matching version)"
        )
    tables = document["tables"]
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    counts = {}
    for table in db.metadata.sorted_tables:
        rows = [_typed(table, row) for row in tables.get(table.name, [])]
        if rows:
            db.session.execute(insert(table), rows)
        counts[table.name] = len(rows)
    _reset_sequences()
    db.session.flush()
    return counts


def _reset_sequences() -> None:
    """PostgreSQL: move each id sequence past the restored rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.columns or not table.columns["id"].autoincrement:
            continue
        highest = db.session.scalar(select(func.max(table.columns["id"])))
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
            {"t": table.name, "v": highest or 1, "called": highest is not None},
        )


def write(path: Path, document: dict) -> None:
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def read(path: Path) -> dict:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return json.loads(data)
