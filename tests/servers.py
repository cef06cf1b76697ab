"""gunicorn serving the test database, for tests that need separate worker processes or hosts."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, workers: int, **settings: str):
    """gunicorn with `workers` sync workers on the test database, production settings, no
    Redis; `settings` become environment variables. Yields the port."""
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in .venv")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RATELIMIT_STORAGE_URI"}}
    env.update(
        {
            "ACTIONDAYS_CONFIG": "production",
            "SECRET_KEY": "test-server-secret",
            "DATABASE_URL": database_url,
            "RATELIMIT_SINGLE_PROCESS": "0",
            **settings,
        }
    )
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [
            str(GUNICORN),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "actiondays:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        running = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(running) == workers
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
