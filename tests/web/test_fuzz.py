"""Hostile fuzzing of every route, as every role, with valid CSRF tokens (hypothesis).

Routes are discovered from `app.url_map`, so a route added later is fuzzed without touching
this file. Forms are discovered by crawling the pages each role can see: a POST sends the
fields of a real form (with their rendered values) and replaces some of them with hostile ones.

Asserted for every request: no 5xx. Asserted for every refused submission (a POST answered
with 4xx): the database holds exactly what it held before.

Budget: FUZZ_EXAMPLES examples per role (default 300) but never longer than FUZZ_SECONDS per
role (default 24), so all five roles together stay inside CI's 3 minutes per engine.
`make fuzz` raises both for a long run (>= 10,000 requests) and writes its figures to
FUZZ_REPORT.

A role's own account may be changed by a request that is accepted (an admin may give itself a
temporary password or another role); when the fuzzer finds itself signed out, it puts the
account back (password, role, status) before signing in again, so a long run keeps every role.
"""

import json
import os
import re
import time
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text
from werkzeug.routing import AnyConverter, IntegerConverter

from actiondays.demo import DEMO_PASSWORD, create_demo_data
from actiondays.extensions import db
from actiondays.models import SignInFailure, User
from tests.conftest import html

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "24"))
ROLES = {
    "anonymous": None,
    "organiser": "hannover@example.org",
    "reviewer": "pruefung@example.org",
    "admin": "admin@example.org",
    "funding_officer": "foerderung@example.org",
}
#: Tables that legitimately change on a refused request: failed sign-ins are counted, feed
#: caches are filled by GETs, rate-limit and session bookkeeping.
BOOKKEEPING_TABLES = {"sign_in_failures", "feed_states", "alembic_version", "rate_limit_hits"}
#: The columns of users that a sign-in touches.
BOOKKEEPING_COLUMNS = {"last_login_at", "updated_at"}

HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "9" * 40,
    "²",
    "١٢",
    "1e309",
    "NaN",
    "\x00",
    "a\x00b",
    "\x01\x1f",
    "\u202e",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%00",
    "2013-02-30",
    "31.12.9999",
    "99:99",
    "javascript:alert(1)",
    "x" * 5000,
    "ä" * 300,
    "🎉",
]
HOSTILE_INTS = [0, -1, 2**31, 2**63, 10**30]
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


def _text():
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def _fingerprint() -> dict:
    """Every row of every non-bookkeeping table (tables here are small)."""
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        columns = [c for c in table.columns if c.name not in BOOKKEEPING_COLUMNS]
        rows = db.session.execute(select(*columns)).all()
        state[table.name] = sorted(map(repr, rows))
    db.session.rollback()
    return state


def _path_values(app) -> dict[str, list[str]]:
    """Existing values for path arguments, by argument name."""

    def ids(table: str, column: str = "id") -> list[str]:
        sql = text(f"SELECT {column} FROM {table} ORDER BY {column}")  # noqa: S608 - fixed names
        return [str(v) for v in db.session.scalars(sql)][:20]

    values = {
        "event_id": ids("events"),
        "item_id": ids("events") + ids("projects"),
        "project_id": ids("projects"),
        "user_id": ids("users"),
        "campaign_id": ids("campaigns"),
        "theme_id": ids("themes"),
        "year": ids("campaigns", "year"),
        "slug": ids("regions", "slug"),
        "highlight_id": ids("retrospective_highlights"),
    }
    db.session.rollback()
    return values


def _forms_of(page) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(action path, [(field name, candidate values)]) of every POST form on a page."""
    found = []
    for form in html(page).select("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(form.get("action") or "").path
        fields: dict[str, list[str]] = {}
        for element in form.select("input[name], textarea[name], select[name]"):
            name = element["name"]
            if name == "csrf_token" or element.get("type") == "file":
                continue
            if element.name == "select":
                options = [o.get("value", o.get_text()) for o in element.select("option")]
                fields.setdefault(name, []).extend(options or [""])
            elif element.name == "textarea":
                fields.setdefault(name, []).append(element.get_text())
            else:
                fields.setdefault(name, []).append(element.get("value", ""))
        found.append((action, sorted(fields.items())))
    return found


class Fuzzer:
    """One role's client, its discovered forms, and the figures of the run."""

    def __init__(self, app, client, role: str):
        self.app, self.client, self.role = app, client, role
        self.values = _path_values(app)
        self.rules = sorted(
            (r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule
        )
        self.statuses: Counter = Counter()
        self.requests = 0
        self.user_id = None
        self.sign_in()
        self.forms = self.crawl()
        self.token = self.fresh_token()

    def sign_in(self) -> None:
        email = ROLES[self.role]
        if email is None:
            return
        self.restore_account(email)
        token = self.fresh_token()
        response = self.client.post(
            "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, response.status_code

    def restore_account(self, email: str) -> None:
        """Undo what accepted requests did to the role's own account (see the docstring)."""
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:  # the address itself was changed: find the account by its id
            user = db.session.get(User, self.user_id)
        self.user_id = user.id
        if not hasattr(self, "original"):
            self.original = (user.role, user.status)
        user.email = email
        user.role, user.status = self.original
        user.closed_at = None
        user.must_change_password = False
        user.totp_secret = None
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        db.session.execute(delete(SignInFailure))
        db.session.commit()

    def fresh_token(self) -> str:
        page = self.client.get("/login")
        field = html(page).select_one("input[name=csrf_token]")
        if field is None:  # signed in: /login redirects; any working page carries a form
            page = self.client.get("/account/password")
            field = html(page).select_one("input[name=csrf_token]")
        return field["value"]

    def signed_in(self) -> bool:
        with self.client.session_transaction() as session:
            return "_user_id" in session

    def build(self, rule, choose) -> str:
        """A URL for `rule` with each path argument chosen from existing or hostile values."""
        args = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                options = sorted(converter.items) + ["x"]
            elif isinstance(converter, IntegerConverter):
                options = self.values.get(name, []) + [str(v) for v in HOSTILE_INTS]
            else:
                options = self.values.get(name, []) + ["unbekannt", "%00", "a%20b", "%C3%BC"]
            args[name] = choose(options or ["1"])
        return _ARGUMENT.sub(lambda match: args[match.group(1)], rule.rule)

    def crawl(self) -> dict[str, list]:
        """Forms per action path, from every GET page reachable with existing arguments."""
        forms: dict[str, list] = {}
        for rule in self.rules:
            if "GET" not in rule.methods or rule.rule.endswith((".pdf", ".ics", ".xlsx")):
                continue
            url = self.build(rule, lambda options: options[0])
            page = self.client.get(url)
            if page.status_code != 200 or "html" not in page.content_type:
                continue
            for action, fields in _forms_of(page):
                forms.setdefault(action or urlsplit(url).path, fields)
        return forms

    def plan(self, rule, data) -> tuple[str, str, dict, dict]:
        """Draw method, URL, query and form for one request (all drawing happens here)."""
        url = self.build(rule, lambda options: data.draw(st.sampled_from(options)))
        method = data.draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"})))
        query = data.draw(
            st.dictionaries(st.sampled_from(QUERY_NAMES), _text(), max_size=3), label="query"
        )
        form: dict = {}
        if method == "POST":
            fields = self.forms.get(urlsplit(url).path)
            if fields:
                for name, values in fields:
                    form[name] = data.draw(
                        st.one_of(st.sampled_from(values or [""]), _text()), label=name
                    )
            else:
                form = data.draw(
                    st.dictionaries(st.sampled_from(FORM_NAMES), _text(), max_size=5),
                    label="form",
                )
        return method, url, query, form

    def send(self, method: str, url: str, query: dict, form: dict) -> None:
        """One request; asserts no 5xx and no change after a refused POST."""
        if method == "GET":
            self.record(self.client.get(url, query_string=query), url, method)
            return
        before = _fingerprint()
        response = self.client.post(
            url, data={**form, "csrf_token": self.token}, query_string=query
        )
        self.record(response, url, method)
        if 400 <= response.status_code < 500:
            assert _fingerprint() == before, (method, url, form, response.status_code)
        if ROLES[self.role] and not self.signed_in():
            self.sign_in()
            self.token = self.fresh_token()

    def record(self, response, url, method) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1
        assert response.status_code < 500, (method, url, response.status_code)


QUERY_NAMES = ["year", "month", "region", "theme", "kind", "q", "page", "status", "next", "lang"]
FORM_NAMES = [
    "title",
    "name",
    "email",
    "password",
    "reason",
    "version",
    "campaign_id",
    "region_id",
    "themes",
    "event_id",
    "project_id",
    "note",
    "form_token",
]


@pytest.fixture
def demo_world(app, seeded):
    """The deterministic demo content: every role, every state, published retrospectives."""
    create_demo_data(date(2014, 6, 1))
    db.session.commit()


@pytest.mark.parametrize("role", list(ROLES))
def test_fuzzed_requests_never_fail_on_the_server_nor_half_save(app, client, demo_world, role):
    fuzzer = Fuzzer(app, client, role)
    assert fuzzer.forms or role == "anonymous" or pytest.fail("no forms discovered")
    stop_at = time.monotonic() + SECONDS

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        planned = fuzzer.plan(data.draw(st.sampled_from(fuzzer.rules), label="route"), data)
        if time.monotonic() < stop_at:
            fuzzer.send(*planned)

    fuzz()
    assert fuzzer.requests > 0
    report = os.environ.get("FUZZ_REPORT")
    if report:
        figures = {
            "role": role,
            "engine": db.engine.dialect.name,
            "requests": fuzzer.requests,
            "routes": len(fuzzer.rules),
            "forms": len(fuzzer.forms),
            "statuses": dict(sorted(fuzzer.statuses.items())),
        }
        with open(report, "a", encoding="utf-8") as out:
            out.write(json.dumps(figures) + "\n")


def test_fuzzer_discovers_routes_added_later(app):
    """The route list comes from the URL map, not from a list kept in this file."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"manage.edit_event", "admin.create_next_campaign", "auth.login"} <= endpoints
