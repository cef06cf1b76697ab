"""Funding: programmes, calls with tiers and budget, applications, payouts and proof of use.

Money is stored as integer cents (never float; SQLite has no exact decimal type) and summed in
SQL. An application's state follows FUNDING_TRANSITIONS, checked by the same
`check_transition` as the review life cycle of events and projects.
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from actiondays.db import Base, TimestampMixin, UTCDateTime, enum_check
from actiondays.models.lifecycle import check_transition


class ProgrammeKind(StrEnum):
    ACTION_DAYS = "action_days"  # tied to a campaign year
    STANDING = "standing"  # runs independently of the campaign years (Mitten drin!)


class FundingState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID_OUT = "paid_out"
    PROOF_SUBMITTED = "proof_submitted"
    CLOSED = "closed"


class ApplicantKind(StrEnum):
    """Kinds of applying organisation a call may be restricted to (fixed list)."""

    YOUTH_WELFARE = "youth_welfare"
    ASSOCIATION = "association"
    SCHOOL = "school"
    PUBLIC_BODY = "public_body"
    INITIATIVE = "initiative"


APPLICANT_KIND_LABELS = {
    ApplicantKind.YOUTH_WELFARE: _l("Youth-welfare carrier"),
    ApplicantKind.ASSOCIATION: _l("Association or federation"),
    ApplicantKind.SCHOOL: _l("School or day-care centre"),
    ApplicantKind.PUBLIC_BODY: _l("Municipality or other public body"),
    ApplicantKind.INITIATIVE: _l("Initiative or group without legal form"),
}


F = FundingState
FUNDING_TRANSITIONS: dict[FundingState, frozenset[FundingState]] = {
    F.DRAFT: frozenset({F.SUBMITTED}),
    F.SUBMITTED: frozenset({F.APPROVED, F.REJECTED, F.CHANGES_REQUESTED, F.DRAFT}),
    F.CHANGES_REQUESTED: frozenset({F.SUBMITTED}),
    F.REJECTED: frozenset(),
    F.APPROVED: frozenset({F.PAID_OUT}),
    F.PAID_OUT: frozenset({F.PROOF_SUBMITTED}),
    F.PROOF_SUBMITTED: frozenset({F.CLOSED, F.PAID_OUT}),
    F.CLOSED: frozenset(),
}
FUNDING_STATE_LABELS = {
    F.DRAFT: _l("Draft"),
    F.SUBMITTED: _l("Submitted"),
    F.CHANGES_REQUESTED: _l("Changes requested"),
    F.APPROVED: _l("Approved"),
    F.REJECTED: _l("Rejected"),
    F.PAID_OUT: _l("Paid out"),
    F.PROOF_SUBMITTED: _l("Proof of use submitted"),
    F.CLOSED: _l("Closed"),
}
PROGRAMME_KIND_LABELS = {
    ProgrammeKind.ACTION_DAYS: _l("Action-day funding of a campaign year"),
    ProgrammeKind.STANDING: _l("Standing programme"),
}
#: States in which the granted amount is committed against the call's budget.
COMMITTED_STATES = (F.APPROVED.value, F.PAID_OUT.value, F.PROOF_SUBMITTED.value, F.CLOSED.value)

funding_officers = Table(
    "funding_officers",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "programme_id", ForeignKey("funding_programmes.id", ondelete="CASCADE"), primary_key=True
    ),
)


class FundingProgramme(TimestampMixin, Base):
    """A Förderprogramm: action-day funding of one campaign year, or a standing programme."""

    __tablename__ = "funding_programmes"
    __table_args__ = (
        CheckConstraint(enum_check("kind", ProgrammeKind), name="kind"),
        CheckConstraint("kind = 'standing' OR campaign_id IS NOT NULL", name="year_has_campaign"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=ProgrammeKind.STANDING.value)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    publishes_amounts: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    campaign = relationship("Campaign")
    calls = relationship("FundingCall", back_populates="programme", order_by="FundingCall.opens_on")
    officers = relationship(
        "User",
        secondary=funding_officers,
        order_by="User.name",
        back_populates="funding_programmes",
    )

    @property
    def kind_label(self):
        return PROGRAMME_KIND_LABELS[ProgrammeKind(self.kind)]

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's API

    def __repr__(self) -> str:
        return f"<FundingProgramme {self.id} {self.name!r}>"


class FundingCall(TimestampMixin, Base):
    """A Förderaufruf: application window, tiers, total budget, own contribution, who may apply.

    Approvals lock this row (SELECT … FOR UPDATE) so that concurrent approvals see each other's
    commitments and the budget is never over-committed.
    """

    __tablename__ = "funding_calls"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="window_order"),
        CheckConstraint("budget_cents >= 0", name="budget_non_negative"),
        CheckConstraint(
            "own_contribution_percent >= 0 AND own_contribution_percent <= 100",
            name="own_contribution_range",
        ),
        CheckConstraint("proof_period_days >= 0", name="proof_period_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("funding_programmes.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    budget_cents: Mapped[int] = mapped_column(Integer)
    own_contribution_percent: Mapped[int] = mapped_column(Integer, default=0)
    eligible_applicants: Mapped[str] = mapped_column(Text, default="")
    #: Comma-separated ApplicantKind values that may apply; empty: every kind.
    eligible_kinds: Mapped[str] = mapped_column(String(200), default="")
    proof_period_days: Mapped[int] = mapped_column(Integer, default=90)
    version: Mapped[int] = mapped_column(Integer, default=1)

    programme = relationship(
        "FundingProgramme", back_populates="calls", lazy="joined", innerjoin=True
    )
    tiers = relationship(
        "FundingTier",
        back_populates="call",
        cascade="all, delete-orphan",
        order_by="FundingTier.max_cents",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's API

    @property
    def eligible_kind_list(self) -> list[str]:
        return [k for k in (self.eligible_kinds or "").split(",") if k]

    @property
    def eligible_kind_labels(self) -> list:
        return [APPLICANT_KIND_LABELS[ApplicantKind(k)] for k in self.eligible_kind_list]

    def admits(self, kind: str | None) -> bool:
        """Whether an organisation of this kind may apply to the call."""
        allowed = self.eligible_kind_list
        return not allowed or (kind or "") in allowed

    def is_open(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def tier_for(self, cents: int):
        """The smallest tier whose maximum covers the amount, or None above every tier."""
        return next((t for t in self.tiers if cents <= t.max_cents), None)

    def __repr__(self) -> str:
        return f"<FundingCall {self.id} {self.title!r}>"


class FundingTier(Base):
    """A tier of a call (e.g. micro and macro) with its maximum amount."""

    __tablename__ = "funding_tiers"
    __table_args__ = (CheckConstraint("max_cents > 0", name="max_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("funding_calls.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    max_cents: Mapped[int] = mapped_column(Integer)

    call = relationship("FundingCall", back_populates="tiers")

    def __repr__(self) -> str:
        return f"<FundingTier {self.name!r} {self.max_cents}>"


class FundingApplication(TimestampMixin, Base):
    """An Antrag for an event or a project, through decision, payouts and proof of use."""

    __tablename__ = "funding_applications"
    __table_args__ = (
        CheckConstraint(enum_check("status", FundingState), name="status"),
        CheckConstraint(
            "own_funds_cents >= 0 AND other_funding_cents >= 0 AND requested_cents >= 0",
            name="plan_non_negative",
        ),
        CheckConstraint("granted_cents IS NULL OR granted_cents >= 0", name="granted_non_negative"),
        CheckConstraint("reclaim_cents >= 0", name="reclaim_non_negative"),
        CheckConstraint("(event_id IS NULL) <> (project_id IS NULL)", name="event_or_project"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_calls.id"), index=True)
    tier_id: Mapped[int | None] = mapped_column(ForeignKey("funding_tiers.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    form_token: Mapped[str | None] = mapped_column(String(36), unique=True)

    organisation: Mapped[str] = mapped_column(String(200))
    applicant_kind: Mapped[str | None] = mapped_column(String(20))
    justification: Mapped[str] = mapped_column(Text, default="")
    account_holder: Mapped[str] = mapped_column(String(200))
    iban: Mapped[str] = mapped_column(String(34))
    own_funds_cents: Mapped[int] = mapped_column(Integer, default=0)
    other_funding_cents: Mapped[int] = mapped_column(Integer, default=0)
    requested_cents: Mapped[int] = mapped_column(Integer, default=0)

    status: Mapped[str] = mapped_column(
        String(20), default=F.DRAFT.value, index=True, active_history=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_cents: Mapped[int | None] = mapped_column(Integer)
    conditions: Mapped[str | None] = mapped_column(Text)
    decision_note: Mapped[str | None] = mapped_column(Text)
    proof_due_on: Mapped[date | None] = mapped_column(Date, index=True)

    proof_report: Mapped[str | None] = mapped_column(Text)
    actual_own_funds_cents: Mapped[int | None] = mapped_column(Integer)
    actual_other_funding_cents: Mapped[int | None] = mapped_column(Integer)
    proof_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reclaim_cents: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    call = relationship("FundingCall", lazy="joined", innerjoin=True)
    tier = relationship("FundingTier")
    event = relationship("Event")
    project = relationship("Project")
    region = relationship("Region", lazy="joined", innerjoin=True)
    applicant = relationship("User", foreign_keys=[applicant_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    items = relationship(
        "FundingCostItem",
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="FundingCostItem.position",
    )
    payouts = relationship(
        "FundingPayout",
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="FundingPayout.id",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's API

    @validates("status")
    def _check_transition(self, _key, new):
        new = FundingState(new)
        check_transition(FUNDING_TRANSITIONS, FUNDING_STATE_LABELS, self.status, new)
        return new.value

    @property
    def state(self) -> FundingState:
        return FundingState(self.status)

    @property
    def state_label(self):
        return FUNDING_STATE_LABELS[self.state]

    @property
    def subject_title(self) -> str:
        return self.event.title if self.event_id else self.project.name

    @property
    def total_cost_cents(self) -> int:
        return sum(item.amount_cents for item in self.items)

    @property
    def actual_cost_cents(self) -> int | None:
        if any(item.actual_cents is None for item in self.items):
            return None
        return sum(item.actual_cents for item in self.items)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payouts)

    @property
    def masked_iban(self) -> str:
        """Only the last four characters, for everyone who does not decide."""
        return "•••• " + self.iban[-4:] if self.iban else ""

    def __repr__(self) -> str:
        return f"<FundingApplication {self.id} {self.status}>"


class FundingCostItem(Base):
    """One line of the cost plan; `actual_cents` is filled with the proof of use."""

    __tablename__ = "funding_cost_items"
    __table_args__ = (
        CheckConstraint("amount_cents >= 0", name="amount_non_negative"),
        CheckConstraint("actual_cents IS NULL OR actual_cents >= 0", name="actual_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("funding_applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300), default="")
    amount_cents: Mapped[int] = mapped_column(Integer)
    actual_cents: Mapped[int | None] = mapped_column(Integer)

    application = relationship("FundingApplication", back_populates="items")

    def __repr__(self) -> str:
        return f"<FundingCostItem {self.category!r} {self.amount_cents}>"


class FundingPayout(Base):
    """An Auszahlung of (part of) the granted amount."""

    __tablename__ = "funding_payouts"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("funding_applications.id", ondelete="CASCADE"), index=True
    )
    amount_cents: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    application = relationship("FundingApplication", back_populates="payouts")

    def __repr__(self) -> str:
        return f"<FundingPayout {self.amount_cents} on {self.paid_on}>"
