"""Field specs: one declaration per aggregate of the fields a person enters.

A `Field` says, once, what the service data object, the form, the import, the history and
(later) the API need to know about a value: its name, kind (and so its parser), limit, whether
it is required, its label (an English message id; German in the catalogue), its German import
column, whether the public sees it, and whether it is a plain column of the model.

Everything else is derived: `data_class` builds the service's data object, `plain_values` and
`apply_plain` copy plain columns to and from a model, `check_plain` checks required fields and
limits, `history_labels` names audit keys, and the form and import build their fields and
columns from the same list. Adding an optional plain field means the model, its migration, one
`Field` here and the templates that show it.

Hand-rolled rather than marshmallow or pydantic: the services keep their explicit actor and
their own rule checks, forms stay Flask-WTF, and what is shared is a table of facts plus a
parser per kind — a few dozen lines, no second validation framework beside WTForms.
"""

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l

from actiondays.spec.parsers import (
    parse_amount,
    parse_date,
    parse_decimal,
    parse_iban,
    parse_id,
    parse_integer,
    parse_measure,
    parse_text,
    parse_time,
    parse_year,
)

PARSERS: dict[str, Callable[[str], Any]] = {
    "text": parse_text,
    "date": parse_date,
    "time": parse_time,
    "decimal": parse_decimal,
    "integer": parse_integer,
    "id": parse_id,
    "amount": parse_amount,
    "iban": parse_iban,
    "measure": parse_measure,
    "year": parse_year,
}
"""One parser per kind of value, shared by form and import."""

_TYPES = {
    "text": str,
    "date": date | None,
    "time": time | None,
    "decimal": float | None,
    "integer": int | None,
    "id": int | None,
    "ids": list[int],
    "lines": list[str],
    "bool": bool,
    "choice": str,
    "tristate": bool | None,
    "amount": int,
    "iban": str,
    "measure": Decimal | None,
    "year": int | None,
}


@dataclass(frozen=True)
class Field:
    """One value a person enters; see the module docstring."""

    name: str
    """Form field, error key and (unless `attr`) attribute of the data object and model."""
    kind: str
    """text, date, time, decimal, integer, id, ids, lines, bool, choice, tristate, amount (euros
    typed, whole cents kept), iban (the text as typed; the service stores it compact), measure
    (an indicator's exact decimal) or year."""
    label: Any
    attr: str | None = None
    limit: int | None = None
    required: Any = None
    """The message when the value is missing; the form marks the field as required."""
    marked: bool = False
    """Marked as required on the form although another rule (in the service) checks it."""
    column: str | None = None
    """German import column header; None: not imported."""
    column_required: bool | None = None
    """Whether a file must have the column; None: as `is_required`."""
    example: str = ""
    public: bool = False
    stored: bool = True
    """A plain column of the model named as `key`, copied as it is."""
    nullable: bool = False
    """Empty text is stored as NULL rather than ""."""
    widget: str | None = None
    """textarea, email, url, tel or numeric; None: the kind's default."""
    rows: int | None = None
    choices: tuple = ()
    default: Any = None
    history: tuple[str, ...] = ()
    """Audit keys (column or relationship names) this field's label names in the history."""
    api: str | None = None
    """The property of a public field in the JSON API (dotted inside a nested object:
    venue.name); None: the field's name."""
    api_description: str = ""
    """The API document's description (English); empty: the label's message id."""

    @property
    def key(self) -> str:
        """The attribute of the data object."""
        return self.attr or self.name

    @property
    def api_property(self) -> str:
        return self.api or self.name

    @property
    def description(self) -> str:
        """An English description for documents read outside the interface (the API)."""
        return self.api_description or message_id(self.label)

    @property
    def is_required(self) -> bool:
        return self.required is not None or self.marked

    @property
    def needs_column(self) -> bool:
        return self.is_required if self.column_required is None else self.column_required

    def empty(self) -> Any:
        if self.kind in ("text", "iban"):
            return ""
        if self.kind in ("ids", "lines"):
            return []
        if self.kind == "bool":
            return False
        return self.default

    def parse(self, text: str) -> Any:
        """The typed value of `text`; empty text is the empty value; ParseError if unreadable."""
        if self.kind == "text":
            return parse_text(text)
        if not (text or "").strip():
            return self.empty()
        return PARSERS[self.kind](text)


def message_id(label) -> str:
    """The English message id of a lazily translated label (the catalogue's source text)."""
    args = getattr(label, "_args", None)
    return str(args[0]) if args else str(label)


def data_class(
    name: str, fields: Iterable[Field], doc: str, namespace=None, extra: Iterable[tuple] = ()
) -> type:
    """The service's plain data object: one attribute per field, with its empty default;
    `extra` adds dataclass field tuples for what is not a plain field (a nested list)."""
    specs = []
    for f in fields:
        default = f.empty()
        if isinstance(default, list):
            specs.append((f.key, _TYPES[f.kind], dataclasses.field(default_factory=list)))
        else:
            specs.append((f.key, _TYPES[f.kind], dataclasses.field(default=default)))
    cls = dataclasses.make_dataclass(name, [*specs, *extra], namespace=namespace or {})
    cls.__doc__ = doc
    return cls


def stored(fields: Iterable[Field]) -> list[Field]:
    """The plain columns among `fields`."""
    return [f for f in fields if f.stored]


def plain_values(fields: Iterable[Field], obj) -> dict[str, Any]:
    """The plain columns of a model as data values (NULL text as "")."""
    values = {}
    for f in stored(fields):
        value = getattr(obj, f.key)
        values[f.key] = (value or "") if f.kind == "text" else value
    return values


def apply_plain(fields: Iterable[Field], obj, data) -> None:
    """Copy the plain values of `data` onto the model: text stripped, empty text as "" or NULL."""
    for f in stored(fields):
        value = getattr(data, f.key)
        if f.kind == "text":
            value = (value or "").strip()
            if f.nullable and not value:
                value = None
        setattr(obj, f.key, value)


def check_plain(fields: Iterable[Field], data, add: Callable[[str, Any], None]) -> None:
    """Required values and length limits, with the same sentences for form and import."""
    for f in fields:
        value = getattr(data, f.key)
        if f.required is not None:
            missing = not value.strip() if isinstance(value, str) else value in (None, [])
            if missing:
                add(f.name, f.required)
        if f.limit is not None and len(value or "") > f.limit:
            add(f.name, _l("Please use at most %(max)d characters.", max=f.limit))


def history_labels(fields: Iterable[Field]) -> dict[str, Any]:
    """{audit key: label} for the history of an item."""
    labels = {}
    for f in fields:
        for key in f.history or ((f.key,) if f.stored else ()):
            labels[key] = f.label
    return labels


def api_fields(fields: Iterable[Field]) -> list[Field]:
    """The fields the public JSON API shows."""
    return [f for f in fields if f.public]


def import_columns(fields: Iterable[Field]) -> list[Field]:
    """The fields the import reads, in column order."""
    return [f for f in fields if f.column]
