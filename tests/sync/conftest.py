import pytest

from sync.server import testing
from tests.sync.platform import Platform


@pytest.fixture
def platform(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    shop = testing.create_shop(url, "Corner Demo Grocery", "DEMO")
    admin = testing.create_admin_token(url)
    server = testing.ServerProcess(url).start()
    p = Platform(database_url=url, server=server, shop=shop, admin_token=admin)
    try:
        server.wait_ready()
        p.publish_demo_catalog()
        yield p
    finally:
        for till in p.tills:
            till.close()
        server.stop()
