"""Who may do what: pure predicates over a user and an object, shared by views, services and
templates. No queries, no request; `None` (anonymous) is never allowed anything here."""

from datetime import datetime

from actiondays.models import AccountStatus, ReviewState, Role

S = ReviewState


class PermissionDenied(Exception):  # noqa: N818 - reads naturally at the raise site
    """The actor may not do this; the web layer answers 403, the CLI exits with an error."""


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless the predicate's answer is True."""
    if not allowed:
        raise PermissionDenied


def _active(user) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.status == AccountStatus.ACTIVE
    )


def is_organiser(user) -> bool:
    return _active(user) and user.role == Role.ORGANISER


def is_reviewer(user) -> bool:
    """Reviewers and admins: both see everything and review."""
    return _active(user) and user.role in (Role.REVIEWER, Role.ADMIN)


def is_admin(user) -> bool:
    return _active(user) and user.role == Role.ADMIN


# Areas ------------------------------------------------------------------------------------------


def can_use_manage_area(user) -> bool:
    """/manage: every active account (reviewers register statewide ideas workshops there)."""
    return _active(user)


def can_use_review_area(user) -> bool:
    return is_reviewer(user)


def can_use_admin_area(user) -> bool:
    return is_admin(user)


# Regions ----------------------------------------------------------------------------------------


def region_ids(user) -> set[int]:
    return {region.id for region in user.regions} if _active(user) else set()


def can_act_for_region(user, region_id: int | None) -> bool:
    """Organisers act only for their own regions; statewide (None) needs a reviewer."""
    if is_reviewer(user):
        return True
    if region_id is None:
        return False
    return is_organiser(user) and region_id in region_ids(user)


def can_override_registration_window(user) -> bool:
    return is_reviewer(user)


# Events and projects share the review life cycle --------------------------------------------------


def can_view_item(user, item) -> bool:
    """See an item's management page and history (its region, or reviewers)."""
    return can_act_for_region(user, item.region_id)


def can_edit_item(user, item) -> bool:
    """Drafts, rejected and published items may be edited; submitted ones are withdrawn first."""
    return can_view_item(user, item) and item.state in (S.DRAFT, S.REJECTED, S.PUBLISHED)


def can_submit_item(user, item) -> bool:
    return can_view_item(user, item) and item.state == S.DRAFT


def can_withdraw_item(user, item) -> bool:
    return can_view_item(user, item) and item.state == S.SUBMITTED


def can_delete_item(user, item) -> bool:
    """Only drafts are deleted; published items are cancelled so calendars learn of it."""
    return can_view_item(user, item) and item.state == S.DRAFT


def can_cancel_item(user, item) -> bool:
    return can_view_item(user, item) and item.state == S.PUBLISHED


def can_review_item(user, item) -> bool:
    """Approve or reject a submitted item."""
    return is_reviewer(user) and item.state == S.SUBMITTED


def can_report_on_event(user, event, now: datetime) -> bool:
    """The post-event report: once a published event has taken place."""
    return can_view_item(user, event) and event.state == S.PUBLISHED and event.local_end <= now


# Accounts -----------------------------------------------------------------------------------------


def can_approve_accounts(user) -> bool:
    return is_reviewer(user)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_manage_campaigns(user) -> bool:
    return is_admin(user)


def can_manage_themes(user) -> bool:
    return is_admin(user)


# Indicators -------------------------------------------------------------------------------------


def can_manage_indicators(user) -> bool:
    """The indicator catalogue and its imports: reviewers (social reporting) and admins."""
    return is_reviewer(user)
