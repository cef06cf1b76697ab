"""Peak memory of one worker process for the worst uploads (a measurement, not a test).

    .venv/bin/python scripts/measure_upload_memory.py            # every case, SQLite
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python scripts/measure_upload_memory.py

Each case runs in its own child process, as a gunicorn worker would serve it: the app is built,
migrated and given an organiser and an open campaign; then the peak resident set size is reset
(`/proc/self/clear_refs`, Linux) and the upload is sent through the real views (preview, and
commit where the preview succeeds). The figure is the child's peak RSS (VmHWM) while serving
the upload, whole process included, next to its RSS just before.

Cases: the largest .xlsx the limits let through (2,000 rows, just under the 2 MB import limit
and the 25 MB unpacked limit), a zip bomb (about 300 KB unpacking to 290 MB), a 2 MB CSV with
2,000 long rows, a 2 MB CSV of about 400,000 tiny rows (over the row cap) and an 8 MB upload
(the request limit; over the import limit).
"""

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIMIT_MB = 200
UPLOAD_LIMIT = 2 * 1024 * 1024  # services/imports.py MAX_BYTES (the request may carry 8 MB)


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def _rows(year: int, count: int, filler: int) -> list[dict]:
    from tests.import_files import row

    rng = random.Random(7)  # noqa: S311 - test data
    words = ["Spielefest", "Lesung", "Stadtpark", "Familien", "Kinder", "Zukunft", "Bildung"]
    out = []
    for index in range(count):
        text = " ".join(rng.choice(words) for _ in range(filler))[:4000]
        out.append(
            row(
                year,
                Titel=f"Fest {index} {text}"[:200],
                Beschreibung=text,
                Veranstaltungsort=f"Ort {index} {text}"[:200],
            )
        )
    return out


def build_files(year: int, folder: Path) -> dict[str, Path]:
    """The upload files of every case, written once by the parent."""
    from tests.import_files import csv_bytes, xlsx_bytes

    files = {}
    # Largest workbook the limits allow: 2,000 rows of long text, under 8 MB zipped, 25 MB
    # unpacked.
    filler = 400
    while True:
        content = xlsx_bytes(_rows(year, 2000, filler))
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(content)).infolist())
        if len(content) < UPLOAD_LIMIT - 65536 and unpacked < 25 * 1024 * 1024:
            break
        filler = int(filler * 0.85)
    files["xlsx-2000-rows-max-size"] = content
    bomb = io.BytesIO(xlsx_bytes(_rows(year, 1, 2)))
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * (290 * 1024 * 1024))
    files["xlsx-zip-bomb"] = bomb.getvalue()
    filler = 600
    while True:
        content = csv_bytes(_rows(year, 2000, filler))
        if len(content) < UPLOAD_LIMIT - 65536:
            break
        filler = int(filler * 0.9)
    files["csv-2000-rows-max-size"] = content
    tiny = "\r\n".join(["a;b"] * ((UPLOAD_LIMIT - 65536) // 5)).encode()
    files["csv-tiny-rows-over-cap"] = tiny
    files["csv-8mb-over-import-limit"] = b"a;b\r\n" * (8 * 1024 * 1024 // 5 - 13000)
    paths = {}
    for name, content in files.items():
        path = folder / f"{name}.{name.split('-')[0]}"
        path.write_bytes(content)
        paths[name] = path
    return paths


def _setup_app(database_url: str):
    from flask_migrate import upgrade
    from sqlalchemy import select

    import config
    from actiondays import create_app
    from actiondays.extensions import db
    from actiondays.models import AccountStatus, Campaign, Region, Role, User
    from actiondays.models.event import BERLIN
    from actiondays.services.reference import seed_reference_data

    settings = {
        k: getattr(config.TestingConfig, k) for k in dir(config.TestingConfig) if k.isupper()
    }
    settings["SQLALCHEMY_DATABASE_URI"] = database_url
    app = create_app(settings)
    with app.app_context():
        upgrade()
        seed_reference_data()
        today = datetime.now(BERLIN).date()
        campaign = Campaign(
            year=today.year + 100,
            title="Messkampagne",
            registration_opens_on=today - timedelta(days=60),
            registration_closes_on=today + timedelta(days=30),
            action_starts_on=today - timedelta(days=30),
            action_ends_on=today + timedelta(days=60),
        )
        user = User(
            email="mess@example.org",
            name="Mess Person",
            role=Role.ORGANISER.value,
            status=AccountStatus.ACTIVE.value,
            regions=[db.session.scalar(select(Region).where(Region.slug == "region-hannover"))],
        )
        user.set_password("richtig-langes-passwort")
        db.session.add_all([campaign, user])
        db.session.commit()
    return app


def child(case: str, path: str, database_url: str) -> dict:
    """Serve one upload and report the peak RSS (runs in its own process)."""
    from bs4 import BeautifulSoup

    app = _setup_app(database_url)
    client = app.test_client()

    def token(page) -> str:
        return BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
            "input[name=csrf_token]"
        )["value"]

    client.post(
        "/login",
        data={
            "email": "mess@example.org",
            "password": "richtig-langes-passwort",
            "csrf_token": token(client.get("/login")),
        },
    )
    form_token = token(client.get("/manage/import"))
    content = Path(path).read_bytes()
    import gc

    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the current RSS
    before = _rss_kb("VmRSS")
    preview = client.post(
        "/manage/import/preview",
        data={"csrf_token": form_token, "file": (io.BytesIO(content), Path(path).name)},
        content_type="multipart/form-data",
    )
    statuses = [preview.status_code]
    page = BeautifulSoup(preview.get_data(as_text=True), "html.parser")
    payload = page.select_one("input[name=payload]")
    if preview.status_code == 200 and payload is not None:
        data = {
            field["name"]: field.get("value", "")
            for field in page.select("form input[name]")
            if field.find_parent("form").select_one("input[name=payload]") is not None
        }
        commit = client.post("/manage/import/commit", data=data)
        statuses.append(commit.status_code)
    peak = _rss_kb("VmHWM")
    return {
        "case": case,
        "upload_bytes": len(content),
        "statuses": statuses,
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_growth_mb": round((peak - before) / 1024, 1),
    }


def main() -> int:
    if len(sys.argv) == 4:
        print(json.dumps(child(*sys.argv[1:])))
        return 0
    database = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        paths = build_files(datetime.now().year + 100, Path(folder))
        results = []
        for case, path in paths.items():
            url = database or f"sqlite:///{Path(folder) / (case + '.sqlite3')}"
            if database:
                _reset(database)
            out = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, case, str(path), url],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result), flush=True)
    worst = max(r["peak_rss_mb"] for r in results)
    print(f"worst peak RSS of a worker: {worst} MB (limit {LIMIT_MB} MB)")
    return 0 if worst < LIMIT_MB else 1


def _reset(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
