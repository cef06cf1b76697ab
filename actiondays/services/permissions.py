"""Who may do what: pure predicates over a user and an object, shared by views, services and
templates. No queries, no request; `None` (anonymous) is never allowed anything here."""

from datetime import datetime

from actiondays.models import AccountStatus, FundingState, ReviewState, Role

S = ReviewState
FS = FundingState


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


# Portal ------------------------------------------------------------------------------------------


def can_edit_site_pages(user) -> bool:
    """Legal and trust pages, the sign language video."""
    return is_admin(user)


def can_read_contact_messages(user) -> bool:
    return is_admin(user)


def can_manage_regions(user) -> bool:
    return is_admin(user)


def can_see_own_data(user, owner) -> bool:
    """The data export: only the person themselves (admins answer requests another way)."""
    return _active(user) and owner is not None and user.id == owner.id


def can_close_account(user, owner) -> bool:
    """Only the person themselves closes their account."""
    return can_see_own_data(user, owner)


# Funding ------------------------------------------------------------------------------------------
# Officers hold the funding-officer right of the application's programme; reviewers see every
# application read-only; organisers see only the applications they made, within their regions.


def is_funding_officer(user, programme) -> bool:
    """The funding-officer right for this programme (assigned by admins)."""
    return _active(user) and any(p.id == programme.id for p in user.funding_programmes)


def is_any_funding_officer(user) -> bool:
    return _active(user) and bool(user.funding_programmes)


def can_manage_funding(user) -> bool:
    """Set up programmes, calls and tiers; assign funding officers."""
    return is_admin(user)


def can_view_funding_call(user, call) -> bool:
    """The budget and the applications of a call: its officers and the reviewers."""
    return is_reviewer(user) or is_funding_officer(user, call.programme)


def can_view_application(user, application) -> bool:
    if is_reviewer(user) or is_funding_officer(user, application.call.programme):
        return True
    return (
        is_organiser(user)
        and application.applicant_id == user.id
        and application.region_id in region_ids(user)
    )


def can_see_bank_details(user, application) -> bool:
    """The IBAN in full: only the people who decide."""
    return is_funding_officer(user, application.call.programme)


def can_edit_application(user, application) -> bool:
    return (
        _active(user)
        and application.applicant_id == user.id
        and can_view_application(user, application)
        and application.state in (FS.DRAFT, FS.CHANGES_REQUESTED)
    )


def can_submit_application(user, application) -> bool:
    return can_edit_application(user, application)


def can_delete_application(user, application) -> bool:
    """Only the applicant, and only a draft."""
    return (
        _active(user)
        and application.applicant_id == user.id
        and can_view_application(user, application)
        and application.state == FS.DRAFT
    )


def can_withdraw_application(user, application) -> bool:
    return (
        _active(user)
        and application.applicant_id == user.id
        and can_view_application(user, application)
        and application.state == FS.SUBMITTED
    )


def can_decide_application(user, application) -> bool:
    """Approve, reject or ask for changes: the programme's officers, never reviewers as such."""
    return (
        is_funding_officer(user, application.call.programme) and application.state == FS.SUBMITTED
    )


def can_record_payout(user, application) -> bool:
    return is_funding_officer(user, application.call.programme) and application.state in (
        FS.APPROVED,
        FS.PAID_OUT,
    )


def can_submit_proof(user, application) -> bool:
    return (
        _active(user)
        and application.applicant_id == user.id
        and can_view_application(user, application)
        and application.state == FS.PAID_OUT
    )


def can_assess_proof(user, application) -> bool:
    return (
        is_funding_officer(user, application.call.programme)
        and application.state == FS.PROOF_SUBMITTED
    )


def can_read_decision_letter(user, application) -> bool:
    return can_view_application(user, application) and application.granted_cents is not None


# Indicators -------------------------------------------------------------------------------------


def can_manage_indicators(user) -> bool:
    """The indicator catalogue and its imports: reviewers (social reporting) and admins."""
    return is_reviewer(user)
