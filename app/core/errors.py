"""Errors a person at the till can act on. The message is written for them."""


class TillError(Exception):
    """A request the shop's rules refuse; nothing was changed."""


class NotFound(TillError):
    pass


class ApprovalRequired(TillError):
    """The action needs an owner's PIN (``action`` names what is being approved)."""

    def __init__(self, message: str, action: str) -> None:
        super().__init__(message)
        self.action = action


class AuthError(TillError):
    pass
