"""Benchmark the main pages on demo data and write the figures to BENCHMARKS.md.

    make bench                     # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench make bench

Each page is requested WARMUP times, then ROUNDS times through the WSGI stack in-process
(Flask test client: routing, queries, templates, compression; no network). Reported: median
and 95th percentile wall time per request, SQL statements per request, response size, and
whether the page meets its target. Targets are budgets for one request on one core.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, event, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARMUP = 5
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
TODAY = date(2026, 11, 24)


def _pages(first_event_id: int) -> list[tuple]:
    """(name, path, target p95 in ms[, account to sign in as])."""
    return [
        ("start page", "/", 30),
        ("event list", "/events", 50),
        ("event list, filtered", "/events?year=2013&theme=bildung&region=region-hannover", 50),
        ("event list, text search", "/events?q=lesefest", 50),
        ("event detail", f"/events/{first_event_id}", 20),
        ("month calendar", "/calendar?year=2013&month=9", 40),
        ("feed, default window", "/calendar.ics", 15),
        ("feed, archive year", "/calendar.ics?year=2013", 15),
        ("feed, archive year, rebuilt after a change", "/calendar.ics?year=2013&touch=1", 120),
        ("feed, one event", f"/events/{first_event_id}.ics", 30),
        ("atom feed", "/events.atom", 50),
        ("subscribe page", "/subscribe?region=region-hannover&theme=bildung", 40),
        ("projects", "/projects", 40),
        ("regions", "/regions", 20),
        ("retrospective 2013", "/retrospectives/2013", 50),
        ("retrospectives overview", "/retrospectives", 20),
        ("retrospective 2013, XLSX", "/retrospectives/2013.xlsx", 100),
        ("health check", "/healthz", 10),
        ("organiser dashboard", "/manage/", 60, "hannover@example.org"),
        ("new event form", "/manage/events/new", 60, "hannover@example.org"),
        ("review queue", "/review/", 80, "pruefung@example.org"),
        (
            "retrospective 2014, reviewer (live figures)",
            "/review/retrospectives/2014",
            150,
            "pruefung@example.org",
        ),
        ("user list", "/admin/users", 60, "admin@example.org"),
    ]


def _signed_in_client(app, email: str):
    """A test client signed in through the real login form (CSRF token included)."""
    import re

    from actiondays.demo import DEMO_PASSWORD

    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, (email, response.status_code)
    return client


def _prepare_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


HEADER = """# Benchmarks

Produced by `make bench` (SQLite) and `BENCH_DATABASE_URL=... make bench` (PostgreSQL), see
`scripts/bench.py`; each run replaces its engine's section. Requests go in-process through the
whole WSGI stack (routing, queries, templates, compression), no network. Targets are p95
budgets for one request on one core; a miss makes the command exit 1.
"""


def _write_section(engine_name: str, lines: list[str]) -> None:
    path = ROOT / "BENCHMARKS.md"
    sections: dict[str, str] = {}
    if path.exists():
        for chunk in path.read_text(encoding="utf-8").split("\n## ")[1:]:
            sections[chunk.split("\n", 1)[0].strip()] = "## " + chunk.rstrip() + "\n"
    sections[engine_name] = "\n".join(lines) + "\n"
    # The scale benchmark's section (scripts/bench_scale.py) stays last, where that script
    # expects it.
    order = sorted(sections, key=lambda key: (key.startswith("Scale"), key))
    body = "\n".join(sections[key] for key in order)
    path.write_text(HEADER + "\n" + body, encoding="utf-8")


def main() -> int:
    import config
    from actiondays import create_app
    from actiondays.demo import create_demo_data
    from actiondays.extensions import db
    from actiondays.models import Event
    from actiondays.services.reference import seed_reference_data

    tmp = tempfile.mkdtemp(prefix="actiondays-bench-")
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    _prepare_database(url)

    class BenchConfig(config.Config):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = "bench-only"  # noqa: S105
        TESTING = True  # no debug toolbar, no secret-key refusal for this throw-away run

    os.environ["LOG_LEVEL"] = "WARNING"
    app = create_app(BenchConfig)
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        seed_reference_data()
        create_demo_data(TODAY)
        db.session.commit()
        first_event_id = db.session.scalar(
            select(Event.id).where(Event.status == "published").order_by(Event.id)
        )
        engine = db.engine
        counter = {"n": 0}
        event.listen(
            engine, "before_cursor_execute", lambda *_a: counter.__setitem__("n", counter["n"] + 1)
        )

    load_start = os.getloadavg()[0]
    clients = {None: app.test_client()}
    rows = []
    for name, path, target, *account in _pages(first_event_id):
        email = account[0] if account else None
        if email not in clients:
            clients[email] = _signed_in_client(app, email)
        client = clients[email]
        for _ in range(WARMUP):
            client.get(path)
        timings, cpu = [], []
        for _ in range(ROUNDS):
            if "touch=1" in path:  # an organiser edits an event: the feed must be rebuilt
                with app.app_context():
                    db.session.execute(
                        text(
                            "UPDATE events SET updated_at = CURRENT_TIMESTAMP,"
                            " sequence = sequence + 1 WHERE id = (SELECT MIN(e.id)"
                            " FROM events e JOIN campaigns c ON c.id = e.campaign_id"
                            " WHERE c.year = 2013 AND e.status = 'published')"
                        )
                    )
                    db.session.commit()
            counter["n"] = 0
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        rows.append(
            (
                name,
                path,
                statistics.median(timings),
                p95,
                statistics.median(cpu),
                counter["n"],
                len(response.data),
                target,
            )
        )

    engine_name = url.split(":", 1)[0].split("+")[0]
    lines = [
        f"## {engine_name}",
        "",
        f"Demo data for {TODAY.isoformat()}, {ROUNDS} requests per page after {WARMUP} warm-up "
        f"requests, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. Load average "
        f"(1 min) at the start / end: {load_start:.1f} / {os.getloadavg()[0]:.1f}. "
        "CPU ms is the median CPU time of this process per request (the app in-process; "
        "SQLite's work included, PostgreSQL's server not): on a shared machine the wall "
        "times include waiting for a core, the CPU time does not.",
        "",
        "| page | path | median ms | p95 ms | CPU ms | SQL statements | bytes | target p95 ms "
        "| met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    failed = 0
    for name, path, median, p95, cpu_ms, queries, size, target in rows:
        met = p95 <= target
        failed += not met
        lines.append(
            f"| {name} | `{path}` | {median:.1f} | {p95:.1f} | {cpu_ms:.1f} | {queries} | "
            f"{size} | {target:.0f} | {'yes' if met else '**no**'} |"
        )
    _write_section(engine_name, lines)
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
