"""The admin outbox page (filters, statements per page, bad input) and delivery right after
the request in the embedded default."""

import pytest
from sqlalchemy import select

import config
from actiondays import create_app
from actiondays.extensions import db
from actiondays.mail import notify
from actiondays.models import OutboxMail, Role
from tests.conftest import csrf_token, html, text_of
from tests.mail.conftest import deliver


def _queue(users) -> None:
    for user in users:
        notify.password_changed(user)
    db.session.commit()


def test_outbox_page_filters_by_status(app, client, login_as, make_user, smtp):
    login_as(Role.ADMIN)
    users = [make_user() for _ in range(3)]
    _queue(users[:1])
    deliver()
    _queue(users[1:])
    page = html(client.get("/admin/mail?status=queued"))
    rows = page.select("tbody tr")
    assert len(rows) == 2
    assert {text_of(r.select("td")[1]) for r in rows} == {u.email for u in users[1:]}
    assert page.select("tbody button") == []  # only failed and sent mails can be resent
    sent = html(client.get("/admin/mail?status=sent"))
    assert len(sent.select("tbody tr")) == 1


def test_outbox_page_needs_a_fixed_number_of_statements(
    app, client, login_as, make_user, count_queries
):
    login_as(Role.ADMIN)
    _queue([make_user() for _ in range(2)])
    with count_queries() as few:
        assert client.get("/admin/mail").status_code == 200
    _queue([make_user() for _ in range(12)])
    with count_queries() as many:
        assert client.get("/admin/mail").status_code == 200
    assert many.count == few.count


@pytest.mark.parametrize(
    "url", ["/admin/mail?status=bogus", "/admin/mail?status=%00", "/admin/mail/99999999999/resend"]
)
def test_outbox_bad_input_is_a_client_error(app, client, login_as, url):
    login_as(Role.ADMIN)
    response = client.get(url) if "resend" not in url else client.post(url)
    assert 400 <= response.status_code < 500


def test_outbox_page_is_for_admins_only(app, client, login_as):
    login_as(Role.REVIEWER)
    assert client.get("/admin/mail").status_code == 403
    assert client.get("/admin/invite").status_code == 403


def test_outbox_lenient_page_number(app, client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/mail?page=abc").status_code == 200


def test_embedded_default_delivers_right_after_the_request(database_url, tmp_path, seeded):
    """Development config: mail goes to files under the mail folder after the request."""
    settings = {
        key: getattr(config.DevelopmentConfig, key)
        for key in dir(config.DevelopmentConfig)
        if key.isupper()
    }
    settings.update(
        SQLALCHEMY_DATABASE_URI=database_url,
        MAIL_BACKEND="file",
        MAIL_FILE_PATH=str(tmp_path),
        MAIL_DELIVER_AFTER_REQUEST=True,
        SERVER_NAME="actiondays.test",
    )
    dev = create_app(settings)
    with dev.app_context():
        from actiondays.models import User
        from tests.conftest import TEST_PASSWORD

        user = User(email="dev@example.org", name="Dev Person", role="organiser", status="active")
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()
        client = dev.test_client()
        page = client.get("/password/forgot")
        response = client.post(
            "/password/forgot", data={"csrf_token": csrf_token(page), "email": user.email}
        )
        assert response.status_code == 302
        response.close()
        files = list(tmp_path.iterdir())
        assert len(files) == 1
        assert "dev@example.org" in files[0].read_text()
        assert db.session.scalars(select(OutboxMail.status)).all() == ["sent"]
        db.session.remove()
        db.engine.dispose()
