"""Creating accounts (CLI, demo data, and later the sign-up and admin pages)."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import AccountStatus, Region, Role, User
from actiondays.models.user import normalise_email
from actiondays.services import audit
from actiondays.services.passwords import MIN_LENGTH, check_new_password

log = logging.getLogger(__name__)
MIN_PASSWORD_LENGTH = MIN_LENGTH  # kept for callers; the rule lives in services/passwords.py


def email_taken(email: str) -> bool:
    normalised = normalise_email(email)
    return (
        db.session.scalar(
            select(func.count()).select_from(User).where(func.lower(User.email) == normalised)
        )
        > 0
    )


def regions_by_slug(slugs: list[str]) -> list[Region]:
    """The regions with these slugs; DomainError naming any unknown slug."""
    slugs = list(dict.fromkeys(slugs))
    found = {r.slug: r for r in db.session.scalars(select(Region).where(Region.slug.in_(slugs)))}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise DomainError(
            _l("Unknown region: %(slugs)s", slugs=", ".join(unknown)), field="regions"
        )
    return [found[s] for s in slugs]


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    regions: list[Region] | None = None,
    organisation: str | None = None,
    status: AccountStatus = AccountStatus.ACTIVE,
    actor: User | None = None,
) -> User:
    """Create an account after checking email, role, name and password; flushes, never commits."""
    if role not in {r.value for r in Role}:
        raise DomainError(_l("Unknown role: %(role)s", role=role), field="role")
    if "@" not in email or len(email) > 254:
        raise DomainError(_l("Please enter a valid email address."), field="email")
    if email_taken(email):
        raise DomainError(_l("An account with this email address already exists."), field="email")
    if not name.strip():
        raise DomainError(_l("Please enter a name."), field="name")
    check_new_password(password, "password")
    if role == Role.ORGANISER and not regions:
        raise DomainError(_l("An organiser needs at least one region."), field="regions")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation,
        status=status.value,
        regions=list(regions or []),
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor,
        "create",
        user,
        {
            "email": [None, user.email],
            "role": [None, role],
            "regions": [None, [r.slug for r in user.regions]],
        },
    )
    return user


def regions_by_ids(ids: list[int]) -> list[Region]:
    """The regions with these ids, by name (unknown ids are ignored)."""
    if not ids:
        return []
    return list(db.session.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.name)))
