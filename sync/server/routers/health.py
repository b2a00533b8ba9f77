from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from sync.protocol import PROTOCOL_VERSION

from ..db import SessionDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    protocol: int


@router.get("/healthz", response_model=Health)
def healthz(session: SessionDep) -> Health:
    """Liveness and database reachability."""
    session.execute(text("SELECT 1"))
    return Health(status="ok", protocol=PROTOCOL_VERSION)
