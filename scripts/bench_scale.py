"""Scale benchmark: 1k, 5k and 50k public events in one campaign year, served by gunicorn.

    make bench-scale                                  # SQLite and PostgreSQL, 1k 5k 50k
    BENCH_SIZES=1000,5000 BENCH_ENGINES=sqlite make bench-scale

For each engine and size: a fresh database built by the migrations, reference data, then N
events of 2013 written into the app's own tables (realistic fields, about 25% all-day, 6%
cancelled after publication, 5% over several days, 1-3 themes) plus N/5 events around today
in a current campaign (for the default feed). The app runs under gunicorn with 4 sync
workers; a tiny WSGI app serving the same feed bytes from memory runs beside it (the
physical limit). Requests go over HTTP from this process. Times are medians of repeated
requests unless said otherwise; ratios are to `/healthz` of the same run. The two ratios with
a target of 2 (warm feed ÷ the same bytes from memory, 304 ÷ `/healthz`) are taken from
requests sent in turn to both sides, round after round, so that the load of the machine
moving during the run affects both alike. A warm feed is what clients get: after each
worker's first answer, Flask's own response replayed in front of it once one statement has
confirmed the feed is unchanged (actiondays/web/public/replay.py). SQL statements are counted
in-process on the same database (the app's engine and the replay's). Peak RSS is the largest
VmHWM of the 4 workers.

The machine may be shared: wall times then include waiting for a core. Next to them the table
gives the CPU time (user + system, from /proc/<pid>/stat) the app's gunicorn workers spent per
request, and the load average at the start and end of each size, so the figures can be read
under load. The benchmark's own client runs in this process and is not counted.

PostgreSQL: BENCH_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/feeds_bench;
the database is created if missing and wiped). The events are written with multi-row INSERTs,
then `VACUUM ANALYZE` runs (what autovacuum does shortly after a bulk load). SQLite gets no
ANALYZE: the app never runs one, so its plans are those of a database without statistics.
"""

import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,5000,50000").split(",")]
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite,postgresql").split(",")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/feeds_bench")
PORT, STATIC_PORT = 18431, 18432
FEED = "/calendar.ics?year=2013"
PASSWORD = "bench-passwort-lang-genug"  # noqa: S105 - throw-away account
GUNICORN = str(ROOT / ".venv/bin/gunicorn")

INDICO = """| before this work (PostgreSQL), as quoted in issue #13 | 1k | 5k | 10k | 50k |
|---|---:|---:|---:|---:|
| `/calendar.ics?year=2013` cold, after one event changed | 0.68 s | 2.97 s | 6.4 s | 36.7 s |
| same feed warm (× `/healthz`) | 4.1× | 11.3× | 13.9× | ≈ 26–80× |
| 304 (× `/healthz`) | 3.2× | 10.1× | 12.2× | 24× |
| SQL statements, cold feed | 9 | 17 | 27 | 107 |
| `/calendar?year=2013&month=9` | 50 ms, 4 stmts | 158 ms, 6 | 379 ms, 9 | 1.9 s, 32, 3.1 MB page |
| `/review/retrospectives/2013` | 103 ms | 426 ms | 848 ms | 4.0 s, 5 MB page |
| `/events?year=2013&theme=…&region=…` | 17 ms | 16 ms | 31 ms | 91 ms |
| peak RSS per worker | 150 MiB | 225 MiB | 348 MiB | 1,316 MiB |

Indico 3.2.9 in the same run (issue #13): event page 47–59 req/s (ours then 333–339 req/s);
our cold feed then 5.3–6.7× faster than Indico's uncached feed, warm 361–580× faster.
"""

WORDS = (
    "Lesefest Spielenachmittag Familienfrühstück Kinderflohmarkt Bastelwerkstatt Sportfest "
    "Vorlesestunde Kochkurs Theaterprojekt Ferienpass Elterncafé Zirkustag Waldtag "
    "Musikwerkstatt Kleidertausch Hausaufgabenhilfe"
).split()
CITIES = (
    "Hannover Emden Oldenburg Göttingen Celle Lüneburg Osnabrück Wolfsburg Goslar Aurich".split()
)
DESCRIPTIONS = [
    f"Ein **{w}** für alle Kinder und ihre Familien.\n\n- Eintritt frei\n- Snacks und Getränke\n\n"
    f"Mehr unter [unserer Seite](https://example.org/{w.lower()}). Mit Umlauten: äöü ß, "
    "Kommas, Semikolons; und Zeilen, die so lang sind, dass sie gefaltet werden müssen. " * 2
    for w in WORDS
]


# -- data ------------------------------------------------------------------------------


def _app(url: str):
    import config
    from actiondays import create_app

    class BenchConfig(config.Config):
        SQLALCHEMY_DATABASE_URI = url
        SECRET_KEY = "bench-only"  # noqa: S105
        TESTING = True
        SERVER_NAME = f"127.0.0.1:{PORT}"

    os.environ["LOG_LEVEL"] = "WARNING"
    return create_app(BenchConfig)


def _fresh_database(url: str) -> None:
    if url.startswith("postgresql"):
        admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        name = url.rsplit("/", 1)[1]
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _generate(app, size: int) -> int:
    """Write the events into the app's tables; returns the id of one 2013 event."""
    from flask_migrate import upgrade

    from actiondays.extensions import db
    from actiondays.markdown import markdown_to_text
    from actiondays.models import AccountStatus, Campaign, Event, Region, Role, Theme, User
    from actiondays.models.associations import event_themes
    from actiondays.models.event import BERLIN
    from actiondays.services.reference import seed_reference_data

    rng = random.Random(size)  # noqa: S311 - reproducible test data, not a secret
    texts = [markdown_to_text(d) for d in DESCRIPTIONS]
    with app.app_context():
        upgrade()
        seed_reference_data()
        today = datetime.now(BERLIN).date()
        current = db.session.scalar(select(Campaign).where(Campaign.year == today.year))
        if current is None:
            current = Campaign(
                year=today.year,
                title=f"Aktionstage {today.year}",
                registration_opens_on=date(today.year, 1, 1),
                registration_closes_on=date(today.year, 12, 31),
                action_starts_on=date(today.year, 1, 1),
                action_ends_on=date(today.year, 12, 31),
            )
            db.session.add(current)
        reviewer = User(
            email="pruefung@example.org",
            name="Prüfung",
            role=Role.REVIEWER.value,
            status=AccountStatus.ACTIVE.value,
        )
        reviewer.set_password(PASSWORD)
        db.session.add(reviewer)
        db.session.commit()
        campaign_2013 = db.session.scalar(select(Campaign.id).where(Campaign.year == 2013))
        regions = db.session.scalars(select(Region.id).where(Region.valid_to.is_(None))).all()
        themes = db.session.scalars(select(Theme.id)).all()
        stamp = datetime(2013, 5, 1, 12, tzinfo=UTC)
        rows, links = [], []
        total = size + size // 5
        for number in range(total):
            in_2013 = number < size
            if in_2013:
                day = date(2013, 1, 1) + timedelta(days=rng.randrange(365))
            else:
                day = today + timedelta(days=rng.randrange(-60, 180))
            word = rng.randrange(len(WORDS))
            all_day = rng.random() < 0.25
            span = rng.randrange(1, 4) if rng.random() < 0.05 else 0
            cancelled = rng.random() < 0.06
            start = datetime.combine(day, datetime.min.time(), BERLIN).replace(
                hour=rng.randrange(8, 18)
            )
            rows.append(
                {
                    "uid": f"00000000-0000-4000-8000-{number:012d}",
                    "sequence": 1 if cancelled else 0,
                    "version": 1,
                    "kind": "action_day",
                    "campaign_id": campaign_2013 if in_2013 else current.id,
                    "region_id": rng.choice(regions),
                    "title": f"{WORDS[word]} in {rng.choice(CITIES)} Nr. {number}",
                    "summary": "Mitmachen, spielen, gemeinsam essen – für Kinder von 3 bis 12.",
                    "description": DESCRIPTIONS[word],
                    "description_text": texts[word],
                    "is_all_day": all_day,
                    "starts_on": day,
                    "ends_on": day + timedelta(days=span),
                    "starts_at": None if all_day else start.astimezone(UTC),
                    "ends_at": None
                    if all_day
                    else (start + timedelta(days=span, hours=3)).astimezone(UTC),
                    "venue_name": "Gemeindezentrum",
                    "venue_street": "Hauptstraße 1",
                    "venue_postal_code": "30159",
                    "venue_city": rng.choice(CITIES),
                    "latitude": 52 + rng.random(),
                    "longitude": 9 + rng.random(),
                    "organisation": "Kinderschutzbund Ortsverband",
                    "status": "cancelled" if cancelled else "published",
                    "cancellation_reason": "Krankheit" if cancelled else None,
                    "published_at": stamp,
                    "cancelled_at": stamp if cancelled else None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        # Multi-row INSERTs, not executemany: PostgreSQL's statement-level trigger that bumps
        # the data version then runs once per 500 rows, not once per row (60,000 updates of
        # one row in one transaction made the 50k generation take over 13 minutes).
        for start_at in range(0, len(rows), 500):
            db.session.execute(insert(Event).values(rows[start_at : start_at + 500]))
        db.session.commit()
        ids = db.session.scalars(select(Event.id).order_by(Event.id)).all()
        for event_id in ids:
            for theme_id in rng.sample(themes, rng.randrange(1, 4)):
                links.append({"event_id": event_id, "theme_id": theme_id})
        for start_at in range(0, len(links), 5000):
            db.session.execute(insert(event_themes).values(links[start_at : start_at + 5000]))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a bulk load in production: planner
            # statistics and the visibility map (index-only scans). Without it the first
            # minutes after loading 60,000 rows measure a database no live site runs on.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        return ids[0]


# -- serving and measuring ---------------------------------------------------------------------


def _serve(args: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [GUNICORN, "--workers", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "120", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _workers_peak_rss(process: subprocess.Popen) -> float:
    """Largest peak RSS (VmHWM) of the master's worker processes, in MiB."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


#: The app's gunicorn master while a size is measured (its workers' CPU time is read).
_SERVER: list[subprocess.Popen] = []
_TICKS = os.sysconf("SC_CLK_TCK")


def _workers_cpu() -> float:
    """CPU seconds (user + system) used so far by the app's gunicorn workers, from
    /proc/<pid>/stat; 0 when no server runs. The machine's other load does not count here,
    unlike in wall times."""
    if not _SERVER:
        return 0.0
    master = _SERVER[0].pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / _TICKS


def _load() -> float:
    return os.getloadavg()[0]


def _get(path: str, headers: dict | None = None, port: int = PORT) -> tuple:
    connection = HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, body, dict(response.getheaders())


#: CPU seconds per request of the app's workers for the last `_median` call.
_LAST_CPU: list[float] = [0.0]


def _median(path: str, rounds: int, headers=None, port=PORT) -> tuple[float, int]:
    """Median wall time and size; the workers' CPU time per request goes to `_LAST_CPU`."""
    times, size = [], 0
    cpu_before = _workers_cpu() if port == PORT else 0.0
    for _ in range(rounds):
        elapsed, status, body, _h = _get(path, headers, port)
        assert status in (200, 304), (path, status)
        times.append(elapsed)
        size = len(body)
    _LAST_CPU[0] = ((_workers_cpu() - cpu_before) / rounds) if port == PORT else 0.0
    return statistics.median(times), size


def _alternating(requests: list[tuple], rounds: int) -> list[float]:
    """Median wall times of several requests (path, headers, port) sent in turn, round after
    round, so that a change in the machine's load during the measurement affects each alike:
    the ratios of the targets are taken from these."""
    times: list[list[float]] = [[] for _ in requests]
    for _ in range(rounds):
        for index, (path, headers, port) in enumerate(requests):
            elapsed, status, _body, _h = _get(path, headers, port)
            assert status == (304 if "If-None-Match" in (headers or {}) else 200), (path, status)
            times[index].append(elapsed)
    return [statistics.median(series) for series in times]


def _timed(result: dict, name: str, path: str, rounds: int, headers=None) -> int:
    """Store the median wall time under `name` and the CPU per request under `name`_cpu."""
    result[name], size = _median(path, rounds, headers)
    result[f"{name}_cpu"] = _LAST_CPU[0]
    return size


def _throughput(path: str, seconds: float = 5.0, clients: int = 8) -> tuple[float, float]:
    """Requests per second with `clients` parallel clients, and the workers' CPU seconds per
    request during the run."""
    done = [0] * clients
    cpu_before = _workers_cpu()
    stop = time.perf_counter() + seconds

    def loop(index: int) -> None:
        while time.perf_counter() < stop:
            _get(path)
            done[index] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds, (_workers_cpu() - cpu_before) / max(1, sum(done))


def _sign_in() -> dict:
    _t, _s, page, headers = _get("/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
    connection = HTTPConnection("127.0.0.1", PORT, timeout=60)
    body = f"email=pruefung%40example.org&password={PASSWORD}&csrf_token={token}"
    connection.request(
        "POST",
        "/login",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    headers = {"Cookie": "; ".join(cookies)}
    _t, status, _b, answer = _get("/review/retrospectives/2013", headers)
    assert status == 200, (status, answer.get("Location"), cookies)
    return headers


def _change_one_event(app, event_id: int, label: str) -> None:
    """An edit through the app's model (sequence, updated_at and data version move)."""
    from actiondays.extensions import db
    from actiondays.models import Event

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.title = f"Geändert {label} {time.time()}"
        db.session.commit()


@contextmanager
def _counting(app):
    """Statements sent inside the block: on the app's engine and on the one the feed replay
    checks with (actiondays/web/public/replay.py)."""
    from actiondays.extensions import db

    counted: list[int] = []
    listener = lambda *args: counted.append(1)  # noqa: E731
    engines = {db.engine, app.extensions["feed_replay"].engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", listener)
    try:
        yield counted
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", listener)


def _statements(app, path: str, prepare=None, headers=None) -> int:
    with app.app_context():
        if prepare:
            prepare()
        client = app.test_client()
        with _counting(app) as counted:
            client.get(path, headers=headers or {})
        return len(counted)


def _review_statements(app) -> int:
    """Statements of the reviewer's retrospective page, signed in through the login form."""
    with app.app_context():
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        data = {"email": "pruefung@example.org", "password": PASSWORD}
        if token:
            data["csrf_token"] = token.group(1)
        assert client.post("/login", data=data).status_code == 302
        client.get("/review/retrospectives/2013")
        with _counting(app) as counted:
            client.get("/review/retrospectives/2013")
        return len(counted)


def _empty_caches(app) -> None:
    from actiondays.extensions import db

    with app.app_context():
        db.session.execute(text("DELETE FROM feed_states"))
        db.session.execute(text("DELETE FROM vevent_cache"))
        db.session.commit()


def _revision(app) -> int:
    from actiondays.extensions import db

    with app.app_context():
        return db.session.scalar(text("SELECT coalesce(sum(revision), 0) FROM feed_states"))


def measure(engine_name: str, size: int) -> dict:
    tmp = tempfile.mkdtemp(prefix="actiondays-scale-")
    url = PG_URL if engine_name == "postgresql" else f"sqlite:///{tmp}/scale.sqlite3"
    _fresh_database(url)
    app = _app(url)
    started = time.perf_counter()
    event_id = _generate(app, size)
    generated = time.perf_counter() - started
    env = {
        "ACTIONDAYS_CONFIG": "production",
        "SECRET_KEY": "bench-only-secret",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }
    server = _serve(["actiondays:create_app()"], env, PORT)
    _SERVER[:] = [server]
    result: dict = {"engine": engine_name, "size": size, "generated_s": generated}
    result["load_start"] = _load()
    try:
        # Every worker booted (their start-up CPU must not count as the first requests').
        time.sleep(3)
        for _ in range(20):
            _get("/healthz")
        _timed(result, "healthz", "/healthz", 50)
        _empty_caches(app)
        result["feed_bytes"] = _timed(result, "cold_empty", FEED, 1)
        _change_one_event(app, event_id, "a")
        _timed(result, "after_change", FEED, 1)
        _get(FEED)
        _timed(result, "warm", FEED, 20)
        result["feed_gzip_bytes"] = _timed(
            result, "warm_gzip", FEED, 20, {"Accept-Encoding": "gzip"}
        )
        etag = _get(FEED)[3]["ETag"]
        _timed(result, "not_modified", FEED, 50, {"If-None-Match": etag})
        # Eight clients right after a change: how many rebuilds, how long each waited.
        _change_one_event(app, event_id, "b")
        before = _revision(app)
        waits: list[float] = []
        barrier = threading.Barrier(8)

        def ask() -> None:
            barrier.wait()
            waits.append(_get(FEED)[0])

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result["eight_rebuilds"] = _revision(app) - before
        result["eight_max_wait"] = max(waits)
        _t, _s, default_body, _h = _get("/calendar.ics")
        result["default_feed_bytes"] = len(default_body)
        _timed(
            result, "events_filtered", "/events?year=2013&theme=bildung&region=region-hannover", 20
        )
        result["month_bytes"] = _timed(result, "month", "/calendar?year=2013&month=9", 20)
        for _ in range(8):
            _get(f"/events/{event_id}")
        _timed(result, "event_page", f"/events/{event_id}", 20)
        result["event_rps"], result["event_rps_cpu"] = _throughput(f"/events/{event_id}")
        signed_in = _sign_in()
        result["review_bytes"] = _timed(
            result, "review", "/review/retrospectives/2013", 5, signed_in
        )
        result["load_end"] = _load()
        result["rss_mib"] = _workers_peak_rss(server)
        # The physical limit: the same bytes from memory in a tiny WSGI app under gunicorn.
        body_path = Path(tmp) / "feed.ics"
        body_path.write_bytes(_get(FEED)[2])
        # The gzip bytes the app sends (not a recompression: "the same bytes from memory").
        packed_path = Path(tmp) / "feed.ics.gz"
        packed_path.write_bytes(_get(FEED, {"Accept-Encoding": "gzip"})[2])
        static = _serve(
            ["--chdir", str(ROOT / "scripts"), "bench_static_app:app"],
            {"BENCH_BODY": str(body_path), "BENCH_BODY_GZIP": str(packed_path)},
            STATIC_PORT,
        )
        try:
            packed = {"Accept-Encoding": "gzip"}
            etag = _get(FEED)[3]["ETag"]  # current again: events changed since the 304 above
            result["pair_warm"], result["static"] = _alternating(
                [(FEED, None, PORT), ("/", None, STATIC_PORT)], 31
            )
            result["pair_warm_gzip"], result["static_gzip"] = _alternating(
                [(FEED, packed, PORT), ("/", packed, STATIC_PORT)], 51
            )
            result["pair_304"], result["pair_healthz"], result["static_healthz"] = _alternating(
                [
                    (FEED, {"If-None-Match": etag}, PORT),
                    ("/healthz", None, PORT),
                    ("/healthz", None, STATIC_PORT),
                ],
                51,
            )
        finally:
            _stop(static)
    finally:
        _stop(server)
        _SERVER.clear()
    result["stmts_cold"] = _statements(app, FEED, lambda: _empty_caches(app))
    result["stmts_warm"] = _statements(app, FEED)
    result["stmts_month"] = _statements(app, "/calendar?year=2013&month=9")
    result["stmts_review"] = _review_statements(app)
    result["stmts_events"] = _statements(
        app, "/events?year=2013&theme=bildung&region=region-hannover"
    )
    with app.app_context():
        from actiondays.extensions import db

        db.engine.dispose()
    app.extensions["feed_replay"].dispose()
    return result


# -- report ------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.1f}×"


def _cpu(seconds: float) -> str:
    """CPU time per request of the workers (10 ms clock ticks, so short requests are given
    as an average over the repeated ones)."""
    return f"CPU {_ms(seconds)}"


def _table(results: list[dict]) -> list[str]:
    sizes = [f"{r['size']:,}" for r in results]
    rows = [
        (
            "load average (1 min) at the start / end of the size",
            lambda r: f"{r['load_start']:.1f} / {r['load_end']:.1f}",
        ),
        (
            "`/healthz` (the unit of the ratios)",
            lambda r: f"{_ms(r['healthz'])} ({_cpu(r['healthz_cpu'])})",
        ),
        (
            "feed cold, empty caches (target ≤ 1 s at 5k, ≤ 10 s at 50k)",
            lambda r: f"{_ms(r['cold_empty'])} ({_cpu(r['cold_empty_cpu'])})",
        ),
        (
            "feed after one event changed (≤ 0.25 s at 5k, ≤ 2 s at 50k)",
            lambda r: f"{_ms(r['after_change'])} ({_cpu(r['after_change_cpu'])})",
        ),
        (
            "feed warm, identity (× `/healthz`)",
            lambda r: (
                f"{_ms(r['warm'])}, {_ratio(r['warm'], r['healthz'])} ({_cpu(r['warm_cpu'])})"
            ),
        ),
        (
            "feed warm, gzip (× `/healthz`)",
            lambda r: (
                f"{_ms(r['warm_gzip'])}, {_ratio(r['warm_gzip'], r['healthz'])} "
                f"({_cpu(r['warm_gzip_cpu'])})"
            ),
        ),
        (
            "same bytes from memory, identity / gzip (tiny WSGI app)",
            lambda r: f"{_ms(r['static'])} / {_ms(r['static_gzip'])}",
        ),
        (
            "warm ÷ from memory, identity / gzip, alternating requests (target ≤ 2)",
            lambda r: (
                f"{_ms(r['pair_warm'])} ÷ {_ms(r['static'])} = {r['pair_warm'] / r['static']:.1f}"
                f" / {_ms(r['pair_warm_gzip'])} ÷ {_ms(r['static_gzip'])} = "
                f"{r['pair_warm_gzip'] / r['static_gzip']:.1f}"
            ),
        ),
        (
            "304 ÷ `/healthz`, alternating requests (target ≤ 2×)",
            lambda r: (
                f"{_ms(r['pair_304'])} ÷ {_ms(r['pair_healthz'])} = "
                f"{_ratio(r['pair_304'], r['pair_healthz'])}"
            ),
        ),
        (
            "304 (× `/healthz` above)",
            lambda r: (
                f"{_ms(r['not_modified'])}, {_ratio(r['not_modified'], r['healthz'])} "
                f"({_cpu(r['not_modified_cpu'])})"
            ),
        ),
        (
            "8 clients after a change: rebuilds, longest wait",
            lambda r: f"{r['eight_rebuilds']}, {_ms(r['eight_max_wait'])}",
        ),
        (
            "SQL statements: cold feed / warm feed",
            lambda r: f"{r['stmts_cold']} / {r['stmts_warm']}",
        ),
        (
            "feed size, year 2013: identity / gzip",
            lambda r: f"{r['feed_bytes'] / 1e6:.2f} MB / {r['feed_gzip_bytes'] / 1e6:.2f} MB",
        ),
        (
            "default feed `/calendar.ics` (target ≤ 1 MB)",
            lambda r: f"{r['default_feed_bytes'] / 1e6:.2f} MB",
        ),
        (
            "`/events?year=2013&theme=…&region=…` (≤ 50 ms)",
            lambda r: (
                f"{_ms(r['events_filtered'])} ({_cpu(r['events_filtered_cpu'])}), "
                f"{r['stmts_events']} stmts"
            ),
        ),
        (
            "`/calendar?year=2013&month=9` (≤ 100 ms)",
            lambda r: (
                f"{_ms(r['month'])} ({_cpu(r['month_cpu'])}), {r['stmts_month']} stmts, "
                f"{r['month_bytes'] / 1e3:.0f} kB"
            ),
        ),
        (
            "`/review/retrospectives/2013` (≤ 300 ms, ≤ 12 stmts)",
            lambda r: (
                f"{_ms(r['review'])} ({_cpu(r['review_cpu'])}), {r['stmts_review']} stmts, "
                f"{r['review_bytes'] / 1e3:.0f} kB"
            ),
        ),
        (
            "event page: median (CPU) / req/s with 8 clients (CPU per request)",
            lambda r: (
                f"{_ms(r['event_page'])} ({_cpu(r['event_page_cpu'])}) / "
                f"{r['event_rps']:.0f} ({_cpu(r['event_rps_cpu'])})"
            ),
        ),
        (
            "event page: req/s the workers' CPU allows on 2 cores (2 ÷ CPU per request)",
            lambda r: f"{2 / r['event_rps_cpu']:.0f}" if r["event_rps_cpu"] else "–",
        ),
        ("peak RSS per worker (≤ 300 MiB)", lambda r: f"{r['rss_mib']:.0f} MiB"),
        ("generating the events", lambda r: _ms(r["generated_s"])),
    ]
    lines = ["| measured | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(results)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    return lines


def _write(results_by_engine: dict[str, list[dict]], command: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text_before = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    marker = "\n## Scale"
    head, _, rest = text_before.partition(marker)
    head = head.rstrip() + "\n"
    # Sections after the scale section (written by scripts/bench.py) are kept, after it.
    after = rest.split("\n## ", 1)[1] if "\n## " in rest else ""
    lines = [
        "",
        "## Scale (`make bench-scale`)",
        "",
        f"Command: `{command}`, run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs shared with other work, gunicorn with "
        "4 sync workers; see the docstring of `scripts/bench_scale.py` for the method.",
        "",
    ]
    for engine_name, results in results_by_engine.items():
        lines += [f"### {engine_name}", "", *_table(results), ""]
    lines += ["### Reference: before this work, and Indico", "", INDICO]
    tail = f"\n## {after.rstrip()}\n" if after else ""
    path.write_text(head + "\n".join(lines) + tail, encoding="utf-8")


def main() -> int:
    results: dict[str, list[dict]] = {}
    for engine_name in ENGINES:
        for size in SIZES:
            print(f"{engine_name} {size} …", flush=True)
            results.setdefault(engine_name, []).append(measure(engine_name, size))
            print(results[engine_name][-1], flush=True)
            _write(results, _command())  # after every size, so a cut-off run leaves its part
    return 0


def _command() -> str:
    if os.environ.get("BENCH_SIZES") or os.environ.get("BENCH_ENGINES"):
        return (
            f"BENCH_SIZES={','.join(map(str, SIZES))} BENCH_ENGINES={','.join(ENGINES)} "
            "make bench-scale"
        )
    return "make bench-scale"


if __name__ == "__main__":
    sys.exit(main())
