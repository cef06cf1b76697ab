"""Vocabularies of the domain, stored as strings with CHECK constraints."""

from enum import StrEnum


class RegionKind(StrEnum):
    INDEPENDENT_CITY = "independent_city"
    DISTRICT = "district"
    REGION = "region"


class EventKind(StrEnum):
    ACTION_DAY = "action_day"
    IDEAS_WORKSHOP = "ideas_workshop"


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Role(StrEnum):
    ORGANISER = "organiser"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class AccountStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


class RetrospectiveState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class DigestFrequency(StrEnum):
    DAILY = "daily"
    IMMEDIATE = "immediate"
    OFF = "off"


class TombstoneReason(StrEnum):
    """Why a public item left (or changed in) the public view; see models/tombstone.py."""

    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"
    DELETED = "deleted"
    UNPUBLISHED = "unpublished"


class IndicatorDirection(StrEnum):
    """How to read an indicator: is a higher value better, worse, or neither (a base figure)?"""

    HIGHER_IS_BETTER = "higher_is_better"
    HIGHER_IS_WORSE = "higher_is_worse"
    NEUTRAL = "neutral"


class IndicatorAggregation(StrEnum):
    """How predecessor regions' values combine when compared across a merger."""

    SUM = "sum"  # counts: inhabitants, children, cases
    POPULATION_WEIGHTED_MEAN = "population_weighted_mean"  # rates and shares
