"""The feed as Thunderbird reads it: ical.js through Node, where both are installed.

Set ICALJS_PATH to ical.js's `dist/ical.js` (for example after `npm install ical.js` in any
directory), or install it into `node_modules/` of the project root.
"""

import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from actiondays.extensions import db
from actiondays.models.event import BERLIN

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "icaljs_dump.mjs"


def _icaljs() -> Path | None:
    candidates = [
        os.environ.get("ICALJS_PATH"),
        ROOT / ".cache/icaljs/node_modules/ical.js/dist/ical.js",  # installed by make test
        ROOT / "node_modules/ical.js/dist/ical.js",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or _icaljs() is None,
    reason="needs Node and ical.js (set ICALJS_PATH); the Python parsers run in every test",
)


def _read_with_icaljs(body: bytes) -> dict:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own script
        [shutil.which("node"), str(SCRIPT), str(_icaljs())],
        input=body,
        capture_output=True,
        check=True,
        timeout=30,
    )
    assert result.stderr == b"", result.stderr  # ical.js said nothing (no console warning)
    return json.loads(result.stdout)


def test_icaljs_reads_text_times_and_status(client, make_event):
    tricky = "Kinder, Eltern; Großeltern \\ Nachbarn\nÜmläute 🎈"
    timed = make_event(title=tricky, day=date(2013, 10, 20))
    timed.set_timed(
        datetime(2013, 10, 26, 22, tzinfo=BERLIN), datetime(2013, 10, 27, 8, tzinfo=BERLIN)
    )
    db.session.commit()
    make_event(title="Ganztägig", all_day=True, day=date(2013, 6, 15))
    cancelled = make_event(title="Abgesagt")
    cancelled.cancel("Unwetter")
    db.session.commit()
    feed = _read_with_icaljs(client.get("/calendar.ics?year=2013&region=region-hannover").data)
    assert feed["name"] == "Aktionstage – 2013 – Region Hannover"
    events = {event["summary"]: event for event in feed["events"]}
    assert events[tricky]["start"] == "2013-10-26T20:00:00.000Z"
    assert events[tricky]["end"] == "2013-10-27T07:00:00.000Z"
    assert events["Ganztägig"]["isDate"] is True
    assert (events["Ganztägig"]["start"], events["Ganztägig"]["end"]) == (
        "2013-06-15",
        "2013-06-16",
    )
    assert events["Abgesagt"]["status"] == "CANCELLED"
    assert events["Abgesagt"]["sequence"] >= 1
    assert events[tricky]["categories"] == ["Bildung"]
