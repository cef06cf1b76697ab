"""/healthz answers 200 with a working database and 503 without one."""

import config
from actiondays import create_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    class Unreachable(config.TestingConfig):
        # A directory that does not exist: SQLite cannot open the file.
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"

    app = create_app(Unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_healthz_503_when_postgres_server_is_down():
    class Down(config.TestingConfig):
        # Nothing listens on port 1.
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"

    app = create_app(Down)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
