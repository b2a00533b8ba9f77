"""The shop's peer secret (docs/peers.md): one per shop, only to that shop's enrolled tills."""

from .conftest import PROTO


def test_each_shop_has_one_peer_secret_and_only_its_tills_get_it(client, make_till):
    a1, a2, b1 = make_till("Shop A"), make_till("Shop A"), make_till("Shop B")
    got = {}
    for name, till in (("a1", a1), ("a2", a2), ("b1", b1)):
        r = client.get("/v1/devices/peer-secret", headers=till.headers)
        assert r.status_code == 200, r.text
        assert r.json()["shop_id"] == till.shop_id
        got[name] = r.json()["peer_secret"]
    assert got["a1"] == got["a2"] != got["b1"]
    assert len(got["a1"]) == 64 and int(got["a1"], 16)
    assert client.get("/v1/devices/peer-secret", headers=PROTO).status_code == 401
    bad = {**PROTO, "Authorization": "Bearer nope"}
    assert client.get("/v1/devices/peer-secret", headers=bad).status_code == 401
