"""`make run` tells a newcomer where to open the app and how to sign in, truthfully."""

import re
import shutil
import subprocess

import pytest

from actiondays import ROOT
from actiondays.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_run_prints_the_url_and_the_demo_accounts():
    dry = subprocess.run(  # noqa: S603 - fixed arguments
        [MAKE, "-n", "run", "HOST=127.0.0.1", "PORT=5000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Open http://127.0.0.1:5000/ in your browser." in dry
    assert f"password: {DEMO_PASSWORD}" in dry
    emails = re.findall(r"echo \"\s+(\S+@example\.org)", dry)
    assert {"admin@example.org", "pruefung@example.org", "hannover@example.org"} <= set(emails)
    known = {account[0] for account in DEMO_ACCOUNTS}
    assert set(emails) <= known
