"""Periodic mail with a fixed "today": report reminders after 3, 14 and 30 days (at most
three, never twice, none once the report is filed), the draft reminder seven days before
registration closes, and the reviewers' daily digest."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.mail.reminders import report_stage
from actiondays.models import Campaign, OutboxMail, Project, Report, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, html, region, text_of
from tests.mail.conftest import deliver, subject

ENDED = date(2013, 6, 15)


def _remind(runner, day: date) -> str:
    result = runner.invoke(args=["mail", "remind", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _kinds(kind: str) -> list[str]:
    return list(
        db.session.scalars(
            select(OutboxMail.dedupe_key).where(OutboxMail.kind == kind).order_by(OutboxMail.id)
        )
    )


def test_report_stage_counts_thresholds():
    assert [report_stage(ENDED, ENDED + timedelta(days=d)) for d in (2, 3, 13, 14, 30, 45)] == [
        0,
        1,
        1,
        2,
        3,
        3,
    ]


def test_report_reminders_go_out_after_3_14_and_30_days_and_never_twice(
    app, runner, make_user, make_event
):
    owner = make_user()
    event = make_event(created_by=owner)
    for offset in (2, 3, 3, 10, 14, 14, 29, 30, 31, 45):
        _remind(runner, ENDED + timedelta(days=offset))
    assert _kinds("report_reminder") == [
        f"report_reminder:{event.id}:1",
        f"report_reminder:{event.id}:2",
        f"report_reminder:{event.id}:3",
    ]


def test_a_late_run_sends_only_the_latest_reminder(app, runner, make_user, make_event):
    event = make_event(created_by=make_user())
    _remind(runner, ENDED + timedelta(days=20))
    assert _kinds("report_reminder") == [f"report_reminder:{event.id}:2"]


def test_reminders_stop_once_the_report_is_filed(app, runner, make_user, make_event):
    owner = make_user()
    event = make_event(created_by=owner)
    _remind(runner, ENDED + timedelta(days=3))
    db.session.add(Report(event_id=event.id, participants=40, outcome="Gut besucht."))
    db.session.commit()
    _remind(runner, ENDED + timedelta(days=14))
    _remind(runner, ENDED + timedelta(days=30))
    assert _kinds("report_reminder") == [f"report_reminder:{event.id}:1"]


def test_no_reminders_for_cancelled_events(app, runner, make_user, make_event):
    make_event(created_by=make_user(), status="cancelled")
    _remind(runner, ENDED + timedelta(days=3))
    assert _kinds("report_reminder") == []


def test_no_reminders_start_for_events_beyond_the_horizon(app, runner, make_user, make_event):
    make_event(created_by=make_user())  # an archive year: nobody is reminded years later
    _remind(runner, ENDED + timedelta(days=61))
    assert _kinds("report_reminder") == []


def test_dashboard_shows_when_each_reminder_went_out(
    app, client, runner, login_as, make_event, open_campaign, smtp
):
    owner = login_as(Role.ORGANISER)
    event = make_event(
        created_by=owner,
        campaign=open_campaign,
        day=datetime.now(BERLIN).date() - timedelta(days=4),
    )
    _remind(runner, datetime.now(BERLIN).date())
    deliver()
    (message,) = smtp.messages
    assert event.title in subject(message)
    page = html(client.get("/manage/"))
    note = page.select_one(f"#reminders-{event.id}")
    assert note is not None
    assert "Erinnerung" in text_of(note)


def test_unsubscribed_organiser_gets_no_reminder(app, runner, make_user, make_event, client):
    owner = make_user()
    event = make_event(created_by=owner)
    from actiondays.mail.outbox import settings_for

    settings_for(owner).reminders = False
    db.session.commit()
    _remind(runner, ENDED + timedelta(days=3))
    assert _kinds("report_reminder") == []
    assert event.id


def _campaign_closing(today: date, days: int) -> Campaign:
    campaign = Campaign(
        year=2099,
        title="Kampagne 2099",
        registration_opens_on=today - timedelta(days=30),
        registration_closes_on=today + timedelta(days=days),
        action_starts_on=today + timedelta(days=days + 1),
        action_ends_on=today + timedelta(days=days + 60),
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_draft_reminder_goes_out_once_seven_days_before_registration_closes(
    app, runner, make_user, make_event, smtp
):
    today = date(2099, 3, 1)
    campaign = _campaign_closing(today, 9)
    owner = make_user()
    for title in ("Entwurf A", "Entwurf B"):
        make_event(
            created_by=owner,
            status="draft",
            year=2099,
            day=campaign.action_starts_on + timedelta(days=5),
            title=title,
        )
    submitted = make_user()
    make_event(
        created_by=submitted,
        status="submitted",
        year=2099,
        day=campaign.action_starts_on + timedelta(days=5),
    )
    _remind(runner, today)  # 9 days ahead: too early
    assert _kinds("draft_reminder") == []
    for offset in (2, 3, 8):
        _remind(runner, today + timedelta(days=offset))
    assert _kinds("draft_reminder") == [f"draft_reminder:{campaign.id}:{owner.id}"]
    deliver()
    (message,) = smtp.to(owner.email)
    assert "2 Entwürfe" in subject(message)
    assert smtp.to(submitted.email) == []


def test_draft_reminder_covers_project_drafts_in_one_mail_sent_once(
    app, runner, make_user, make_event, smtp
):
    today = date(2099, 3, 1)
    campaign = _campaign_closing(today, 7)
    other = _other_campaign_closing_later(today)
    owner = make_user()
    only_projects = make_user()
    make_event(
        created_by=owner,
        status="draft",
        year=2099,
        day=campaign.action_starts_on + timedelta(days=5),
        title="Entwurf Fest",
    )
    hannover = region("region-hannover")
    db.session.add_all(
        [
            Project(
                name="Projektentwurf Lernpaten",
                organisation="Verein",
                region=hannover,
                campaigns=[campaign],
                created_by_id=owner.id,
            ),
            Project(
                name="Projektentwurf Mittagstisch",
                organisation="Verein",
                region=hannover,
                campaigns=[campaign],
                created_by_id=only_projects.id,
            ),
            Project(  # submitted once and sent back: not "never submitted"
                name="Zurückgeschickt",
                organisation="Verein",
                region=hannover,
                campaigns=[campaign],
                created_by_id=only_projects.id,
                submitted_at=datetime(2099, 2, 1, tzinfo=UTC),
            ),
            Project(  # a draft of a campaign whose registration closes much later
                name="Später",
                organisation="Verein",
                region=hannover,
                campaigns=[other],
                created_by_id=only_projects.id,
            ),
            Project(
                name="Schon eingereicht",
                organisation="Verein",
                region=hannover,
                campaigns=[campaign],
                created_by_id=make_user().id,
                status="submitted",
                submitted_at=datetime(2099, 2, 1, tzinfo=UTC),
            ),
        ]
    )
    db.session.commit()
    for offset in (0, 1, 6):
        _remind(runner, today + timedelta(days=offset))
    assert sorted(_kinds("draft_reminder")) == sorted(
        [
            f"draft_reminder:{campaign.id}:{owner.id}",
            f"draft_reminder:{campaign.id}:{only_projects.id}",
        ]
    )
    deliver()
    assert len(smtp.messages) == 2
    (mixed,) = smtp.to(owner.email)
    assert "2 Entwürfe" in subject(mixed)
    text = mixed.get_body(preferencelist=("plain",)).get_content()
    assert "Entwurf Fest" in text
    assert "Projektentwurf Lernpaten" in text
    project_id = db.session.scalar(
        select(Project.id).where(Project.name == "Projektentwurf Lernpaten")
    )
    assert f"/manage/projects/{project_id}" in text
    (projects_only,) = smtp.to(only_projects.email)
    assert "1 Entwurf " in subject(projects_only)
    text = projects_only.get_body(preferencelist=("plain",)).get_content()
    assert "Projektentwurf Mittagstisch" in text
    assert "Zurückgeschickt" not in text
    assert "Später" not in text
    html_part = projects_only.get_body(preferencelist=("html",)).get_content()
    assert "Projektentwurf Mittagstisch" in html_part


def _other_campaign_closing_later(today: date) -> Campaign:
    campaign = Campaign(
        year=2098,
        title="Kampagne 2098",
        registration_opens_on=today - timedelta(days=30),
        registration_closes_on=today + timedelta(days=40),
        action_starts_on=today + timedelta(days=41),
        action_ends_on=today + timedelta(days=80),
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_daily_digest_lists_new_and_long_waiting_items_once_a_day(
    app, runner, make_user, make_event, smtp
):
    reviewer = make_user(Role.REVIEWER)
    immediate = make_user(Role.REVIEWER)
    from actiondays.mail.outbox import settings_for

    settings_for(immediate).review_digest = "immediate"
    db.session.commit()
    now = datetime.now(UTC)
    make_event(status="submitted", submitted_at=now - timedelta(hours=3), title="Neu")
    make_event(status="submitted", submitted_at=now - timedelta(days=8), title="Alt")
    day = datetime.now(BERLIN).date()
    _remind(runner, day)
    _remind(runner, day)
    assert _kinds("review_digest") == [f"digest:{reviewer.id}:{day.isoformat()}"]
    deliver()
    (message,) = smtp.to(reviewer.email)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Alt" in text
    assert "Wartet seit mehr als 5 Tagen" in text
    assert smtp.to(immediate.email) == []


def test_immediate_reviewer_hears_of_a_submission_at_once(
    app, client, login_as, make_user, make_event, smtp
):
    reviewer = make_user(Role.REVIEWER)
    from actiondays.mail.outbox import settings_for

    settings_for(reviewer).review_digest = "immediate"
    db.session.commit()
    owner = login_as(Role.ORGANISER)
    event = make_event(created_by=owner, status="draft", title="Sofort melden")
    page = client.get(f"/manage/events/{event.id}")
    client.post(f"/manage/events/{event.id}/submit", data={"csrf_token": csrf_token(page)})
    deliver()
    (message,) = smtp.to(reviewer.email)
    assert "Sofort melden" in subject(message)
    assert message["List-Unsubscribe"] is not None
