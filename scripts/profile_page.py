"""CPU time and SQL statements of one page, in-process (no server, no network).

    .venv/bin/python scripts/profile_page.py generate URL SIZE   # bench_scale's events into URL
    .venv/bin/python scripts/profile_page.py URL PATH [ROUNDS] [--explain] [--profile]

Each request is timed with `time.process_time()` (this process: the app and SQLite's work,
not a PostgreSQL server's) after three warm-up requests; the median is printed with the
statements counted by a `before_cursor_execute` listener. `--explain` prints each SELECT's
plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL), `--profile` cProfile's
top functions over five more requests. For a shared machine, where wall times mislead.
"""

import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402
from sqlalchemy import event  # noqa: E402


def main() -> int:
    from actiondays.extensions import db

    if sys.argv[1] == "generate":
        url, size = sys.argv[2], int(sys.argv[3])
        bench_scale._fresh_database(url)
        bench_scale._generate(bench_scale._app(url), size)
        return 0
    url, path = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3].isdigit() else 10
    app = bench_scale._app(url)
    app.config["SERVER_NAME"] = None
    statements: list = []
    with app.app_context():
        event.listen(
            db.engine, "before_cursor_execute", lambda _c, _cu, s, p, *_a: statements.append((s, p))
        )
    client = app.test_client()
    for _ in range(3):
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    cpu = []
    for _ in range(rounds):
        statements.clear()
        start = time.process_time()
        response = client.get(path)
        cpu.append((time.process_time() - start) * 1000)
    print(
        f"{path}: median CPU {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}), "
        f"{len(statements)} statements, {len(response.data)} bytes"
    )
    if "--explain" in sys.argv:
        prefix = "EXPLAIN QUERY PLAN " if url.startswith("sqlite") else "EXPLAIN ANALYZE "
        with app.app_context():
            connection = db.session.connection()
            for sql, params in statements:
                if sql.lstrip().upper().startswith("SELECT"):
                    print("----", sql, params, sep="\n")
                    for row in connection.exec_driver_sql(prefix + sql, params):
                        print("   ", row)
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    return 0


if __name__ == "__main__":
    sys.exit(main())
