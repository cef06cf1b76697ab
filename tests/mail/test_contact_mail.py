"""A contact-form message reaches every active admin by mail, in the same transaction."""

from actiondays.models import Role
from tests.conftest import csrf_token
from tests.mail.conftest import deliver, parts, subject


def test_contact_message_is_mailed_to_the_admins(client, seeded, make_user, smtp):
    admin = make_user(Role.ADMIN, (), email="admin-post@example.org")
    make_user(Role.REVIEWER, (), email="pruefung-post@example.org")
    token = csrf_token(client.get("/kontakt"))
    response = client.post(
        "/kontakt",
        data={
            "topic": "barrier",
            "message": "Der Kalender ist mit Screenreader schwer zu bedienen.",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    deliver()
    received = [m for m in smtp.messages if admin.email in m["To"]]
    assert len(smtp.messages) == 1
    assert len(received) == 1
    assert subject(received[0]) == "Neue Kontaktnachricht: Meldung einer Barriere"
    text, html = parts(received[0])
    assert "Der Kalender ist mit Screenreader schwer zu bedienen." in text
    assert "/admin/messages" in text
    assert "/admin/messages" in html
