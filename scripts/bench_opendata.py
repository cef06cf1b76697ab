"""Benchmark the open-data surface at scale and write the figures to BENCHMARKS.md.

    make bench                              # runs this after scripts/bench.py (50,000 events)
    BENCH_OPENDATA_EVENTS=2000 .venv/bin/python scripts/bench_opendata.py   # quick, small
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench ...  # PostgreSQL

Loads the reference data and N published events (bulk insert), then measures through the WSGI
stack in-process: API list pages of 100 (first page, a page deep in the cursor chain, filtered,
sync with updated_since), and the CSV download of all N rows, consumed chunk by chunk. Memory
of the CSV download is the peak of Python allocations (tracemalloc) while streaming it, at N/5
and at N rows: flat means the peak does not grow with the number of rows.
"""

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import _write_section  # the shared BENCHMARKS.md layout
from sqlalchemy import create_engine, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVENTS = int(os.environ.get("BENCH_OPENDATA_EVENTS", "50000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
WARMUP = 3
API_TARGET_MS = 50


def _prepare_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _load_events(db, count: int) -> None:
    """`count` published events spread over the campaigns, regions and themes (bulk insert)."""
    from actiondays.models import Campaign, Event, Region, Theme
    from actiondays.models.associations import event_themes

    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year)).all()
    regions = db.session.scalars(select(Region).order_by(Region.id)).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    now = datetime(2026, 11, 24, tzinfo=UTC)
    batch, links = [], []
    first_id = (db.session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) or 0) + 1
    for n in range(count):
        campaign = campaigns[n % len(campaigns)]
        region = regions[n % len(regions)]
        day = campaign.action_starts_on + timedelta(days=n % 90)
        start = datetime(day.year, day.month, day.day, 8 + n % 10, tzinfo=UTC)
        batch.append(
            {
                "id": first_id + n,
                "uid": str(uuid.UUID(int=n + 1)),
                "sequence": 0,
                "version": 1,
                "kind": "action_day",
                "campaign_id": campaign.id,
                "region_id": region.id,
                "title": f"Aktionstag Nr. {n} in {region.name}",
                "summary": "Spielen, lernen, mitmachen – für alle Kinder.",
                "description": "Ein **Aktionstag** gegen Kinderarmut.",
                "is_all_day": n % 7 == 0,
                "starts_on": day,
                "ends_on": day,
                "starts_at": None if n % 7 == 0 else start,
                "ends_at": None if n % 7 == 0 else start + timedelta(hours=3),
                "venue_name": "Gemeindehaus",
                "venue_street": "Kirchweg 1",
                "venue_postal_code": "30159",
                "venue_city": "Hannover",
                "organisation": "Kinderschutzbund",
                "status": "published",
                "published_at": now,
                "created_at": now,
                "updated_at": now - timedelta(minutes=n % 1000),
            }
        )
        links.append({"event_id": first_id + n, "theme_id": themes[n % len(themes)].id})
        if len(batch) == 5000:
            db.session.execute(insert(Event.__table__), batch)
            db.session.execute(insert(event_themes), links)
            batch, links = [], []
    if batch:
        db.session.execute(insert(Event.__table__), batch)
        db.session.execute(insert(event_themes), links)
    db.session.commit()
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('events_id_seq', (SELECT MAX(id) FROM events))"))
        # Planner statistics, as a maintained database has them (SQLite and PostgreSQL).
        conn.execute(text("ANALYZE"))


def _time(client, path: str, counter) -> tuple[float, float, float, int, int]:
    """Median and p95 wall time, median CPU time of this process, statements, bytes.

    CPU time is given beside wall time because the machine may be shared: under load the
    wall time includes waiting for a core, the CPU time does not.
    """
    for _ in range(WARMUP):
        client.get(path)
    timings, cpu = [], []
    for _ in range(ROUNDS):
        counter["n"] = 0
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.data[:300])
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, statistics.median(cpu), counter["n"], len(response.data)


def _stream_csv(client, path: str) -> tuple[float, int, int, int]:
    """(seconds, bytes, rows, peak traced bytes) of consuming a streamed CSV download."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    response = client.get(path, buffered=False)
    size = rows = 0
    for chunk in response.response:
        size += len(chunk)
        rows += chunk.count(b"\r\n")
    response.close()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, size, rows - 1, peak


def _csv_seconds(client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path, buffered=False)
    for _chunk in response.response:
        pass
    response.close()
    return time.perf_counter() - start


def main() -> int:
    import config
    from actiondays import create_app
    from actiondays.extensions import db
    from actiondays.services.reference import seed_reference_data

    tmp = tempfile.mkdtemp(prefix="actiondays-bench-opendata-")
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    _prepare_database(url)

    class BenchConfig(config.Config):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = "bench-only"  # noqa: S105
        TESTING = True

    os.environ["LOG_LEVEL"] = "WARNING"
    app = create_app(BenchConfig)
    from flask_migrate import upgrade
    from sqlalchemy import event

    with app.app_context():
        upgrade()
        seed_reference_data()
        db.session.commit()
        loaded = time.perf_counter()
        _load_events(db, EVENTS)
        load_seconds = time.perf_counter() - loaded
        counter = {"n": 0}
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *_a: counter.__setitem__("n", counter["n"] + 1),
        )

    client = app.test_client()
    # A cursor half-way through the list: follow next_cursor with pages of 100.
    deep = "/api/v1/events?limit=100"
    for _ in range(min(EVENTS // 200, 50)):
        deep_cursor = client.get(deep).get_json()["next_cursor"]
        deep = f"/api/v1/events?limit=100&cursor={deep_cursor}"
    since = (datetime(2026, 11, 24, tzinfo=UTC) - timedelta(minutes=100)).isoformat()
    pages = [
        ("API events, first page of 100", "/api/v1/events?limit=100"),
        ("API events, page of 100 deep in the cursor chain", deep),
        (
            "API events, filtered, page of 100",
            "/api/v1/events?limit=100&year=2013&theme=bildung&region=region-hannover",
        ),
        (
            "API events, sync page of 100",
            "/api/v1/events?limit=100&updated_since=" + since.replace("+", "%2B"),
        ),
        ("API regions", "/api/v1/regions"),
        ("map of events", "/map"),
    ]
    rows = [(name, path, *_time(client, path, counter)) for name, path in pages]
    small_path = "/events.csv?year=2013"  # a fifth of the events: the campaigns cycle by year
    small = _stream_csv(client, small_path)
    full = _stream_csv(client, "/events.csv")
    csv_wall = _csv_seconds(client, "/events.csv")

    engine_name = url.split(":", 1)[0].split("+")[0]
    failed = 0
    lines = [
        f"## opendata at scale, {engine_name}",
        "",
        f"{EVENTS:,} published events (bulk-loaded in {load_seconds:.1f} s), {ROUNDS} "
        f"requests per page after {WARMUP} warm-up requests, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, `scripts/bench_opendata.py`.",
        "",
        f"Load average when the run ended: {os.getloadavg()[0]:.1f}. The target (API page of "
        "100 ≤ 50 ms) is a budget for one request on one core; on a shared machine the wall "
        "time includes waiting for a core, and the CPU time of the process (SQLite runs "
        "in-process) is the figure to compare.",
        "",
        "| request | path | median ms | p95 ms | CPU ms | SQL statements | bytes | target p95 ms "
        "| met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, path, median, p95, cpu_ms, queries, size in rows:
        target = API_TARGET_MS if path.startswith("/api/v1/events") else None
        met = target is None or p95 <= target
        failed += not met
        shown = path if len(path) < 90 else path[:60] + "…"
        lines.append(
            f"| {name} | `{shown}` | {median:.1f} | {p95:.1f} | {cpu_ms:.1f} | {queries} | "
            f"{size} | {target or '–'} | {'yes' if met else '**no**'} |"
        )
    flat = full[3] <= small[3] * 1.5 + 256 * 1024
    failed += not flat
    lines += [
        "",
        "CSV download streamed chunk by chunk (peak of Python allocations while streaming, "
        "tracemalloc; the wall time without tracing is given separately):",
        "",
        "| download | rows | bytes | seconds (traced) | peak memory KiB |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| `{where}` | {rows_:,} | {size:,} | {seconds:.1f} | {peak / 1024:.0f} |"
            for where, (seconds, size, rows_, peak) in (
                (small_path, small),
                ("/events.csv", full),
            )
        ),
        "",
        f"`/events.csv` without tracing: {csv_wall:.1f} s for {full[2]:,} rows. Memory "
        f"{'flat' if flat else '**not flat**'}: the peak for all rows is "
        f"{full[3] / max(small[3], 1):.2f}× the peak for a fifth of them.",
    ]
    _write_section(lines[0].removeprefix("## "), lines)
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
