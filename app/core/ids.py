"""Ids made on the till: UUIDv7, time-ordered, so records sort by birth."""

import secrets
import uuid

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())


def receipt_token() -> str:
    """An unguessable token for a receipt's public page (128 bits)."""
    return secrets.token_urlsafe(16)


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
