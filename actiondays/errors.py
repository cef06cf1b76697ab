"""Domain errors raised by models and services, carrying user-facing messages."""


class DomainError(Exception):
    """A rule of the domain was broken; `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """A life-cycle change that the state machine does not allow."""


class ValidationFailed(DomainError):
    """Several field errors at once: {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        first = next(iter(errors.values()))[0] if errors else ""
        super().__init__(first)
        self.errors = errors
