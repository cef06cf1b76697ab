"""Moved to `actiondays.errors`, below models and services; re-exported for one release."""

from actiondays.errors import DomainError, InvalidTransition, ValidationFailed

__all__ = ["DomainError", "InvalidTransition", "ValidationFailed"]
