"""Schemathesis against /openapi.json with every check (``--checks all``): no 5xx, no response
that breaks the schema, schema-valid data accepted and schema-violating data refused.

Runs in-process against the ASGI app (SQLite), with a real device token for /v1 and an admin
token for /admin, on a database that already holds a shop, a device and a small catalog.
Bounded (few examples per operation) so that it finishes in about a minute.
tests/security/test_schema_checks_all.py runs :func:`exercise` with each token on every operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from sync.server import identity
from sync.server.app import create_app
from sync.server.catalog import import_products, parse_catalog
from sync.server.db import make_engine, migrate, session_scope
from sync.server.settings import Settings

EXAMPLES = 20

# What this API answers besides the defaults: 426 is its answer to a missing or unsupported
# protocol version (documented on every /v1 operation), 413 to a body over the limit; 400 is a
# business rule a schema cannot state (no such product, an empty file, a period that ends before
# it starts), documented on the operations that have them. Query parameters an operation does not
# declare are ignored, as FastAPI does (a receipt page's address may carry a link tracker's), so
# negative cases do not invent them.
CHECKS = schemathesis.Config.from_dict({"generation": {"allow-extra-parameters": False}, "checks": {
    "negative_data_rejection": {"expected-statuses": [
        "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "426", "428", "429"]},
    "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]},
}})

CATALOG = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,4006381333931\n"
    "B2,Bread,,each,900,250,,,100,\n"
)


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "server.sqlite3"
    unlimited = {f"{name}_{kind}": 10**6 for name in ("rate_limit", "receipt_posts", "receipt_pages", "enroll")
                 for kind in ("per_minute", "burst")}
    app_settings = Settings(database_url=f"sqlite:///{path}", **unlimited)
    engine = make_engine(app_settings)
    migrate(engine)
    with session_scope(engine) as session:
        shop = identity.create_shop(session, "Fuzz shop")
        code, _ = identity.create_enrollment_code(session, shop, 1)
        enrolled = identity.enroll(session, code, "till")
        _, admin_token = identity.create_admin_token(session, "fuzz")
        import_products(session, parse_catalog(CATALOG, "csv"), publish_now=True)
    yield create_app(app_settings, engine), enrolled.token, admin_token
    engine.dispose()


# The schemathesis pytest plugin (from_fixture/parametrize) does not run under pytest 9 here,
# so each operation is driven through its Hypothesis strategy directly.
def exercise(app, mode: GenerationMode, token_for, examples: int = EXAMPLES) -> int:
    """Every operation with every check, ``token_for(operation)`` as the bearer; returns how many
    operations had inputs of ``mode`` to try."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CHECKS)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    exercised = 0
    for operation in operations:
        token = token_for(operation)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        try:
            check()
        except Unsatisfiable:
            # Only operations without any input (e.g. GET /healthz) have no invalid variant.
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        exercised += 1
    return exercised


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_api_keeps_its_contract(fuzz_env, mode):
    app, device_token, admin_token = fuzz_env
    exercised = exercise(app, mode, lambda op: admin_token if op.path.startswith("/admin") else device_token)
    assert exercised >= 15
