"""A shipment carries the cost the shipper gives per line (default: the catalog's cost now), over
the admin API and `corner-server orders ship`; the shop's feed gets that cost with the shipment."""

from __future__ import annotations

import json

from sync.server.cli import main

from .test_s2b2c import place_order, products  # noqa: F401  (fixture)


def test_the_shipper_gives_the_cost_per_line_and_the_till_receives_it(client, admin, make_till, products):  # noqa: F811
    till = make_till("Shop A")
    order_id = place_order(till, products, A1=10, B2=4)

    def ship(body):
        return client.post(f"/admin/orders/{order_id}/ship", json=body, headers=admin)

    first = ship({"lines": [{"sku": "A1", "qty": 6, "unit_cost": 73}]})
    assert first.status_code == 201, first.text
    assert first.json()["lines"][0]["unit_cost"] == 73
    assert ship({"lines": [{"sku": "A1", "qty": 1, "unit_cost": -1}]}).status_code == 422
    bad = ship({"lines": [{"sku": "A1", "qty": 1}], "costs": [{"sku": "B2", "unit_cost": 5}]})
    assert bad.status_code == 400 and "not in this shipment" in bad.json()["detail"]
    rest = ship({"costs": [{"sku": "B2", "unit_cost": 95}]})  # everything still open; A1 at the catalog's cost
    assert rest.status_code == 201, rest.text
    assert {line["sku"]: line["unit_cost"] for line in rest.json()["lines"]} == {"A1": 80, "B2": 95}

    changes, _ = till.pull_all()
    shipped = [c["payload"] for c in changes if c["kind"] == "delivery.shipped"]
    assert [[(x["sku"], x["unit_cost"]) for x in s["lines"]] for s in shipped] == [
        [("A1", 73)], [("A1", 80), ("B2", 95)]]


def test_corner_server_ships_at_a_given_cost(db_url, client, admin, make_till, products, capsys):  # noqa: F811
    def cli(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    till = make_till("Shop A")
    order_id = place_order(till, products, A1=5, B2=2)
    code, _, err = cli("orders", "ship", order_id, "--lines", "A1=2@x")
    assert code == 2 and "unit cost like 0.79" in err
    # 79: 0.79 as the catalog counts (minor units), or 79.00? Refused, shipping nothing.
    code, _, err = cli("orders", "ship", order_id, "--lines", "A1=2@79")
    assert code == 2 and "like 0.79 or 79.00" in err
    code, _, err = cli("orders", "ship", order_id, "--cost", "A1=79")
    assert code == 2 and "like 0.79 or 79.00" in err
    code, out, err = cli("orders", "ship", order_id, "--lines", "A1=2@0.7", "--json")
    assert code == 0, err
    assert json.loads(out)["lines"][0]["unit_cost"] == 70
    code, out, err = cli("orders", "ship", order_id, "--cost", "B2=1.05", "--json")
    assert code == 0, err
    assert {x["sku"]: x["unit_cost"] for x in json.loads(out)["lines"]} == {"A1": 80, "B2": 105}
