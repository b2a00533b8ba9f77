"""Schemathesis against /openapi.json: no 5xx and no response that breaks the schema.

Runs in-process against the ASGI app (SQLite), with a real device token for /v1 and an admin
token for /admin, on a database that already holds a shop, a device and a small catalog.
Bounded (few examples per operation) so that it finishes in about a minute.
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

EXAMPLES = 40

CATALOG = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,4006381333931\n"
    "B2,Bread,,each,900,250,,,100,\n"
)


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "server.sqlite3"
    app_settings = Settings(database_url=f"sqlite:///{path}", rate_limit_per_minute=10**6, rate_limit_burst=10**6)
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
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_api_keeps_its_contract(fuzz_env, mode):
    app, device_token, admin_token = fuzz_env
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    exercised = 0
    for operation in operations:
        token = admin_token if operation.path.startswith("/admin") else device_token

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        def check(case) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                # Left out: "positive data accepted" (a random enrollment code is rightly refused) and
                # "negative data rejected" (426, this API's answer to a bad version header, is not in
                # its list; unknown query parameters are ignored, as FastAPI does). Every response is
                # still checked for 5xx and against the documented status codes and schemas.
                excluded_checks=[
                    schemathesis.checks.positive_data_acceptance,
                    schemathesis.checks.negative_data_rejection,
                ],
            )

        try:
            check()
        except Unsatisfiable:
            # Only operations without any input (e.g. GET /healthz) have no invalid variant.
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        exercised += 1
    assert exercised >= 15
