"""All models, importable from one place (Alembic and the app need every table registered)."""

from actiondays.models.audit import AuditEntry
from actiondays.models.campaign import Campaign
from actiondays.models.enums import (
    AccountStatus,
    EventKind,
    IndicatorAggregation,
    IndicatorDirection,
    RegionKind,
    RetrospectiveState,
    ReviewState,
    Role,
    TombstoneReason,
)
from actiondays.models.event import Event
from actiondays.models.feed import (
    DataVersion,
    FeedAlias,
    FeedBody,
    FeedState,
    VEventCache,
)
from actiondays.models.funding import (
    ApplicantKind,
    FundingApplication,
    FundingCall,
    FundingCostItem,
    FundingPayout,
    FundingProgramme,
    FundingState,
    FundingTier,
    ProgrammeKind,
)
from actiondays.models.indicator import Indicator, IndicatorValue
from actiondays.models.mail import MailSettings, OutboxMail
from actiondays.models.portal import ContactMessage, SitePage, SitePageVersion, SiteSetting
from actiondays.models.project import Project, ProjectPartner
from actiondays.models.region import Region, RegionMerger
from actiondays.models.report import Report
from actiondays.models.retrospective import Retrospective, RetrospectiveHighlight
from actiondays.models.security import RecoveryCode, SignInFailure
from actiondays.models.theme import Theme
from actiondays.models.tombstone import Tombstone
from actiondays.models.user import User

__all__ = [
    "AccountStatus",
    "AuditEntry",
    "Campaign",
    "ContactMessage",
    "DataVersion",
    "Event",
    "EventKind",
    "FeedAlias",
    "FeedBody",
    "FeedState",
    "MailSettings",
    "OutboxMail",
    "FundingApplication",
    "FundingCall",
    "FundingCostItem",
    "FundingPayout",
    "FundingProgramme",
    "FundingState",
    "FundingTier",
    "ApplicantKind",
    "ProgrammeKind",
    "Indicator",
    "IndicatorAggregation",
    "IndicatorDirection",
    "IndicatorValue",
    "Project",
    "ProjectPartner",
    "Region",
    "RegionMerger",
    "RegionKind",
    "Report",
    "Retrospective",
    "RetrospectiveHighlight",
    "RetrospectiveState",
    "ReviewState",
    "Role",
    "RecoveryCode",
    "SignInFailure",
    "SitePage",
    "SitePageVersion",
    "SiteSetting",
    "Theme",
    "Tombstone",
    "TombstoneReason",
    "User",
    "VEventCache",
]
