"""Schemathesis against /openapi.json with every check (``--checks all``): no 5xx, no response
that breaks the schema, schema-valid data accepted and schema-violating data refused.

Runs in-process against the ASGI app (SQLite), with a real device token for /v1 and an admin
token for /admin, on a database that already holds a shop, a device and a small catalog.
Bounded (10 examples per operation and mode) so that it finishes in about a minute.
tests/security/test_schema_checks_all.py runs the schemathesis command itself (``run --checks
all``, with its coverage phase: missing headers, undocumented methods and their ``Allow``) against a
real server process, with each token on every operation, configured by :func:`checks_config`.
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

EXAMPLES = 10

# The checks' own expectations, widened only where the OpenAPI document says so, operation by
# operation (derived from the document itself, so a route that starts answering something new
# fails until the document says it): a schema-valid request may be refused with 400 only by an
# operation that documents a business-rule 400 (no such product, a code already taken, a period
# that ends before it starts: rules a schema cannot state); a request without the required
# X-Corner-Protocol header, or with an unsupported version, is answered 426 where the operation
# documents 426 (every /v1 operation: the till must update). Nothing else is widened: undeclared
# query parameters are generated too (FastAPI ignores them, which schemathesis accepts).
POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis's defaults
NEGATIVE = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]
MISSING_HEADER = ["400", "401", "403", "406", "415", "422"]


def checks_config(openapi: dict) -> dict:
    """The schemathesis configuration (``checks`` and per-operation widenings) for ``openapi``."""
    operations = []
    for path, item in openapi["paths"].items():
        for method, op in item.items():
            documented = set(op.get("responses", {}))
            checks: dict = {}
            if "400" in documented:
                checks["positive_data_acceptance"] = {"expected-statuses": [*POSITIVE, "400"]}
            if "426" in documented:
                checks["negative_data_rejection"] = {"expected-statuses": [*NEGATIVE, "426"]}
                checks["missing_required_header"] = {"expected-statuses": [*MISSING_HEADER, "426"]}
            if checks:
                operations.append({"include-path": path, "include-method": method.upper(), "checks": checks})
    return {"operations": operations}


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
    config = schemathesis.Config.from_dict(checks_config(app.openapi()))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    exercised = 0
    for operation in operations:
        token = token_for(operation)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case) -> None:
            # The real token stands in for the generated one; a case that leaves Authorization
            # out on purpose (an invalid input: a missing required header) is sent without it.
            given_auth = "Authorization" in (case.headers or {})
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"} if given_auth else None)

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
