"""Proof-of-use reminders with a fixed "today" through a real SMTP server: two weeks before
the deadline, the day after it passed and two weeks later (at most three, each once, none
after the proof is submitted); the applicant and the officer see when they went out."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.mail.reminders import proof_stage
from actiondays.models import FundingApplication, FundingCostItem, FundingPayout, OutboxMail
from tests.conftest import html, sign_in, text_of
from tests.mail.conftest import deliver, link, parts, smtp, subject  # noqa: F401 - fixture

DUE = date(2031, 3, 31)


def _paid_out(call, applicant, event) -> FundingApplication:
    application = FundingApplication(
        call=call,
        event=event,
        region_id=event.region_id,
        applicant_id=applicant.id,
        organisation="Jugendtreff Linden e. V.",
        account_holder="Jugendtreff Linden e. V.",
        iban="DE89370400440532013000",
        own_funds_cents=6_000,
        other_funding_cents=9_000,
        requested_cents=45_000,
        items=[FundingCostItem(position=0, category="Material", amount_cents=60_000)],
        status="paid_out",
        granted_cents=45_000,
        decided_at=datetime(2031, 1, 2, tzinfo=UTC),
        proof_due_on=DUE,
        payouts=[
            FundingPayout(
                amount_cents=45_000, paid_on=date(2031, 1, 5), created_at=datetime.now(UTC)
            )
        ],
    )
    db.session.add(application)
    db.session.commit()
    return application


def _remind(runner, day: date) -> None:
    result = runner.invoke(args=["mail", "remind", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output


def _keys() -> list[str]:
    return list(
        db.session.scalars(
            select(OutboxMail.dedupe_key)
            .where(OutboxMail.kind == "proof_reminder")
            .order_by(OutboxMail.id)
        )
    )


def test_proof_stage_counts_offsets():
    days = (-20, -14, -1, 0, 1, 14, 15, 40)
    assert [proof_stage(DUE, DUE + timedelta(days=d)) for d in days] == [0, 1, 1, 1, 2, 2, 3, 3]


def test_reminders_before_and_after_the_deadline_each_once(
    app,
    client,
    runner,
    make_user,
    make_event,
    make_call,
    make_officer,
    smtp,  # noqa: F811
):
    applicant = make_user()
    officer_call = make_call()
    officer = make_officer(officer_call.programme)
    application = _paid_out(officer_call, applicant, make_event(year=2013))
    for offset in (-30, -15, -14, -14, -3, 0, 1, 1, 2, 14, 15, 16, 30):
        _remind(runner, DUE + timedelta(days=offset))
    assert _keys() == [
        f"proof_reminder:{application.id}:1",
        f"proof_reminder:{application.id}:2",
        f"proof_reminder:{application.id}:3",
    ]
    assert deliver() == (3, 0)
    first, second, last = smtp.to(applicant.email)
    title = application.event.title
    assert subject(first) == (f"Erinnerung: Verwendungsnachweis für „{title}“ fällig am 31.03.2031")
    assert subject(second) == f"Überfällig: Verwendungsnachweis für „{title}“"
    text, body_html = parts(last)
    assert "letzte Erinnerung" in text
    assert "letzte Erinnerung" in body_html
    assert first["List-Unsubscribe"] is not None
    path = link(first, f"/funding/applications/{application.id}")
    assert path == f"/funding/applications/{application.id}"

    # Both sides see when the reminders went out.
    for user in (applicant, officer):
        sign_in(client, user.email)
        note = html(client.get(path)).select_one("#proof-reminders")
        assert note is not None
        assert text_of(note).startswith("Erinnerungen gesendet am")
        client.post(
            "/logout",
            data={
                "csrf_token": html(client.get("/")).select_one("input[name=csrf_token]")["value"]
            },
        )


def test_a_late_run_sends_only_the_latest_stage_and_none_after_the_proof(
    app, runner, make_user, make_event, make_call
):
    applicant = make_user()
    application = _paid_out(make_call(), applicant, make_event(year=2013))
    _remind(runner, DUE + timedelta(days=5))
    assert _keys() == [f"proof_reminder:{application.id}:2"]
    application.status = "proof_submitted"
    db.session.commit()
    _remind(runner, DUE + timedelta(days=20))
    assert _keys() == [f"proof_reminder:{application.id}:2"]


def test_no_reminders_start_for_archived_deadlines(app, runner, make_user, make_event, make_call):
    applicant = make_user()
    _paid_out(make_call(), applicant, make_event(year=2013))
    _remind(runner, DUE + timedelta(days=61))  # an archive year: nobody is reminded years later
    assert _keys() == []
