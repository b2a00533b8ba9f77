"""The central console over HTTP (SQLite and PostgreSQL): login, lockout, cookies, CSRF, roles,
audit, the catalog import's preview -> apply -> publish, shops and enrollment, quarantine,
feedback, orders, settlement, and Chinese pages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from sync.server.console.models import ConsoleAudit, ConsoleUser
from sync.server.db import session_scope
from sync.server.models import Product
from tests.server.factories import event, now, sale, uid
from tests.server.test_s2b2c import place_order, sale_of

from .helpers import CATALOG, HEADER, PASSWORD, add_user, csrf_of, login, signed_in


@pytest.fixture
def catalog(client, admin) -> dict[str, dict]:
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True}, headers=admin)
    assert r.status_code == 200, r.text
    return {p["sku"]: p for p in client.get("/admin/products", headers=admin).json()}


def product(engine, sku: str) -> Product:
    with session_scope(engine) as s:
        row = s.scalar(select(Product).where(Product.sku == sku))
        s.expunge(row)
        return row


def audit_rows(engine) -> list[ConsoleAudit]:
    with session_scope(engine) as s:
        rows = list(s.scalars(select(ConsoleAudit).order_by(ConsoleAudit.at)))
        s.expunge_all()
        return rows


def post(client, page_url: str, action: str, data: dict, **kw):
    """Post a form the way a browser does: with the CSRF token of the page it is on."""
    return client.post(action, data={"csrf": csrf_of(client.get(page_url).text), **data}, follow_redirects=False, **kw)


# --------------------------------------------------------------------------- login

def test_a_page_needs_a_login_and_comes_back_after_it(client, engine):
    r = client.get("/console/catalog?q=milk", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/login?next=")
    add_user(engine, "ada", "admin")
    form = client.get(r.headers["location"])
    r = client.post("/console/login", data={"name": "ada", "password": PASSWORD, "csrf": csrf_of(form.text),
                                            "next": "/console/catalog?q=milk"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/catalog?q=milk"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert client.get("/console/catalog").status_code == 200


def test_a_login_never_sends_anyone_off_the_site(client, engine):
    add_user(engine, "ada", "admin")
    form = client.get("/console/login")
    r = client.post("/console/login", data={"name": "ada", "password": PASSWORD, "csrf": csrf_of(form.text),
                                            "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/console/"


def test_a_wrong_password_is_refused_and_five_lock_the_name(client, engine):
    add_user(engine, "ada", "admin")
    r = login(client, "ada", "wrong password!")
    assert r.status_code == 401 and "Wrong name or password" in r.text
    assert login(client, "nobody", PASSWORD).status_code == 401
    for _ in range(4):
        r = login(client, "ada", "wrong password!")
    assert r.status_code == 401 and "locked for 15 minutes" in r.text
    r = login(client, "ada", PASSWORD)  # the right password, too late
    assert r.status_code == 401 and "locked" in r.text
    assert client.get("/console/", follow_redirects=False).status_code == 303
    with session_scope(engine) as s:
        assert s.scalar(select(ConsoleUser.locked_until).where(ConsoleUser.name == "ada")) is not None


def test_a_login_form_without_its_token_is_refused(client, engine):
    add_user(engine, "ada", "admin")
    r = client.post("/console/login", data={"name": "ada", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403
    assert "set-cookie" not in r.headers or "corner_console=" not in r.headers["set-cookie"]


def test_logout_ends_the_session_on_the_server(client, engine):
    signed_in(client, engine)
    cookie = client.cookies.get("corner_console")
    r = post(client, "/console/", "/console/logout", {})
    assert r.status_code == 303
    client.cookies.set("corner_console", cookie, path="/console")  # a stolen copy of the cookie
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_a_forged_cookie_is_not_a_session(client, engine):
    signed_in(client, engine)
    client.cookies.set("corner_console", "abc.def", path="/console")
    assert client.get("/console/", follow_redirects=False).status_code == 303


# --------------------------------------------------------------------------- CSRF, roles, audit

def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(client, engine, catalog):
    signed_in(client, engine)
    form = {"name": "Milk 1L", "category": "Dairy", "unit": "each", "price": "9.99", "min_price": "",
            "max_price": "", "cost": "0.80", "vat_rate": "7", "barcodes": "", "active": "on"}
    r = client.post("/console/catalog/products/P0001", data=form, follow_redirects=False)
    assert r.status_code == 403 and "security token" in r.text
    r = client.post("/console/catalog/products/P0001", data={**form, "csrf": "guess"}, follow_redirects=False)
    assert r.status_code == 403
    assert product(engine, "P0001").price == 119
    assert audit_rows(engine) == []


def test_a_role_is_refused_where_it_does_not_belong(client, engine, catalog):
    signed_in(client, engine, "sam", "support")
    assert client.get("/console/catalog/products/P0001").status_code == 200  # support may look
    r = post(client, "/console/catalog/products/P0001", "/console/catalog/products/P0001",
             {"name": "Milk", "unit": "each", "price": "9.99", "vat_rate": "7", "active": "on"})
    assert r.status_code == 403 and "support" in r.text
    assert product(engine, "P0001").price == 119
    assert client.get("/console/users").status_code == 403
    assert client.get("/console/audit").status_code == 403
    r = post(client, "/console/shops", "/console/shops", {"name": "Sneaky shop"})
    assert r.status_code == 403


def test_a_price_edit_keeps_the_bounds_and_is_audited_with_before_and_after(client, engine, catalog):
    signed_in(client, engine, "cat", "catalog")
    page = client.get("/console/catalog/products/P0001").text
    assert 'value="1.19"' in page and 'value="0.99"' in page and 'value="1.49"' in page
    r = post(client, "/console/catalog/products/P0001", "/console/catalog/products/P0001",
             {"name": "Milk 1L", "category": "Dairy", "unit": "each", "price": "1.39", "min_price": "0.99",
              "max_price": "1.49", "cost": "0.80", "vat_rate": "7", "barcodes": "4006381333931", "active": "on"})
    assert r.status_code == 303, r.text
    row = product(engine, "P0001")
    assert (row.price, row.min_price, row.max_price, row.dirty) == (139, 99, 149, True)
    [entry] = audit_rows(engine)
    assert (entry.user_name, entry.action, entry.target) == ("cat", "product.edit", "product:P0001")
    assert entry.before == {"price": 119} and entry.after == {"price": 139}
    page = client.get("/console/catalog/products/P0001").text
    assert "cat" in page and "price" in page and "119 → 139" in page


def test_a_bad_price_edit_says_why_and_changes_nothing(client, engine, catalog):
    signed_in(client, engine)
    base = {"name": "Milk 1L", "category": "Dairy", "unit": "each", "min_price": "0.99", "max_price": "1.49",
            "cost": "0.80", "vat_rate": "7", "barcodes": "4006381333931", "active": "on"}
    r = post(client, "/console/catalog/products/P0001", "/console/catalog/products/P0001", {**base, "price": "50.00"})
    assert r.status_code == 400 and "above max_price" in r.text
    r = post(client, "/console/catalog/products/P0001", "/console/catalog/products/P0001", {**base, "price": "1.3x"})
    assert r.status_code == 400 and "is not an amount" in r.text
    r = post(client, "/console/catalog/products/P0001", "/console/catalog/products/P0001",
             {**base, "price": "1.39", "barcodes": "4006381333932"})
    assert r.status_code == 400 and "check digit" in r.text
    assert product(engine, "P0001").price == 119 and audit_rows(engine) == []


# --------------------------------------------------------------------------- catalog search and import

def test_catalog_search_filters_and_pages(client, engine, catalog):
    signed_in(client, engine)
    page = client.get("/console/catalog", params={"q": "chee"}).text
    assert "P0003" in page and "P0001" not in page
    page = client.get("/console/catalog", params={"q": "4006381333931"}).text
    assert "P0001" in page and "P0002" not in page
    page = client.get("/console/catalog", params={"category": "Dairy"}).text
    assert "P0001" in page and "P0003" in page and "P0002" not in page
    assert "<script" not in client.get("/console/catalog", params={"q": "<script>x</script>"}).text


def upload(client, text: str, name: str = "catalog.csv", threshold: str = "10"):
    csrf = csrf_of(client.get("/console/catalog/import").text)
    return client.post("/console/catalog/import", data={"csrf": csrf, "threshold": threshold},
                       files={"file": (name, text.encode(), "text/csv")})


def test_a_csv_with_a_bad_row_shows_the_line_and_changes_nothing(client, engine, catalog):
    signed_in(client, engine)
    bad = HEADER + "P0001,Milk 1L,Dairy,each,700,129,99,149,80,\nP0009,Eggs,,each,700,1.5,,,,\n"
    r = upload(client, bad)
    assert r.status_code == 400
    assert re.search(r'<td class="n">3</td><td>[^<]*price must be a whole number', r.text)
    assert "Apply all of it" not in r.text
    assert product(engine, "P0001").price == 119
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 3


def test_preview_then_apply_then_publish_reaches_a_till(client, engine, catalog, till):
    _, cursor = till.pull_all()
    signed_in(client, engine, "cat", "catalog")
    new = HEADER + (
        "P0001,Milk 1L,Dairy,each,700,139,99,149,80,4006381333931\n"  # +16.8 %: highlighted
        "P0002,Bread,Bakery,each,700,255,,,150,\n"  # +2 %
        "P0003,Cheese,Dairy,kg,700,1990,,,1200,\n"  # unchanged
        "P0004,Butter,Dairy,each,700,299,,,200,\n"  # new
    )
    r = upload(client, new)
    assert r.status_code == 200, r.text
    assert "1 new" in r.text and "2 changed" in r.text and "1 unchanged" in r.text
    assert r.text.count("large price move") == 1
    assert product(engine, "P0001").price == 119  # a preview changes nothing
    apply_url = re.search(r'action="(/console/catalog/import/[^"]+/apply)"', r.text).group(1)
    r = client.post(apply_url, data={"csrf": csrf_of(r.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert product(engine, "P0001").price == 139 and product(engine, "P0001").dirty
    again = client.post(apply_url, data={"csrf": csrf_of(client.get("/console/catalog/import").text)})
    assert again.status_code == 403  # applied once only
    page = client.get("/console/catalog/import").text
    assert "The tills will receive 3 new or changed products" in page
    r = client.post("/console/catalog/publish", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert r.status_code == 303
    changes, _ = till.pull_all(after=cursor)
    prices = {c["payload"]["sku"]: c["payload"]["price"] for c in changes if c["kind"] == "product.upserted"}
    assert prices == {"P0001": 139, "P0002": 255, "P0004": 299}
    assert [a.action for a in audit_rows(engine)] == ["catalog.import", "catalog.publish"]


def test_an_import_clashing_with_another_products_barcode_is_shown_at_preview(client, engine, catalog):
    signed_in(client, engine)
    r = upload(client, HEADER + "P0009,Other milk,,each,700,100,,,,4006381333931\n")
    assert r.status_code == 400 and "already belongs to product P0001" in r.text


# --------------------------------------------------------------------------- shops, quarantine, feedback, orders

def test_create_a_shop_shows_its_code_and_qr_and_the_code_enrolls_a_till(client, engine):
    signed_in(client, engine, "ops", "operations")
    r = post(client, "/console/shops", "/console/shops", {"name": "Corner North", "code": "N1"})
    assert r.status_code == 200, r.text
    code = re.search(r'<p class="code">([^<]+)</p>', r.text).group(1)
    assert "<svg" in r.text and f"corner enroll http://testserver {code}" in r.text
    r = client.post("/v1/devices/enroll", json={"code": code, "device_name": "till"},
                    headers={"X-Corner-Protocol": "1"})
    assert r.status_code == 200 and r.json()["shop_code"] == "N1"
    page = client.get("/console/shops/N1").text
    device_id = r.json()["device_id"]
    assert device_id in page
    r = post(client, "/console/shops/N1", f"/console/devices/{device_id}/revoke", {})
    assert r.status_code == 303
    assert "Revoked" in client.get("/console/shops/N1").text
    assert [a.action for a in audit_rows(engine)] == ["shop.create", "device.revoke"]


def test_quarantine_shows_the_raw_event_and_rejects_with_a_reason(client, engine, till):
    bad = event("sale.completed", {"id": "x", "note": "<b>raw</b>"})
    till.push([bad])
    signed_in(client, engine, "ops", "operations")
    listed = client.get("/console/quarantine").text
    assert bad["id"] in listed and "invalid payload" in listed
    page = client.get(f"/console/quarantine/{bad['id']}").text
    assert "&lt;b&gt;raw&lt;/b&gt;" in page
    r = post(client, f"/console/quarantine/{bad['id']}", f"/console/quarantine/{bad['id']}/reject", {"reason": ""})
    assert r.status_code == 400
    r = post(client, f"/console/quarantine/{bad['id']}", f"/console/quarantine/{bad['id']}/reapply", {})
    assert r.status_code == 400 and "still cannot be applied" in r.text
    r = post(client, f"/console/quarantine/{bad['id']}", f"/console/quarantine/{bad['id']}/reject",
             {"reason": "a test sale"})
    assert r.status_code == 303
    assert bad["id"] not in client.get("/console/quarantine").text  # resolved
    assert bad["id"] in client.get("/console/quarantine?show=all").text
    # the shop hears of it: a feed row for that shop only, with the reason
    changes, _ = till.pull_all()
    rejected = [c for c in changes if c["kind"] == "event.rejected"]
    assert [c["payload"]["event_id"] for c in rejected] == [bad["id"]]
    assert rejected[0]["payload"]["reason"] == "a test sale" and rejected[0]["payload"]["kind"] == "sale.completed"


def test_quarantine_lists_an_event_id_reused_with_another_payload_and_what_differs(client, engine, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    first = event("sale.completed", sale())
    assert a.push([first])["results"][0]["status"] == "accepted"
    other = dict(first["payload"], receipt_no="A-9-<b>", total=first["payload"]["total"] + 100)
    assert a.push([dict(first, payload=other)])["results"][0]["status"] == "quarantined"
    b.push([event("sale.completed", {"id": "x"})])  # an ordinary quarantined event of another shop
    signed_in(client, engine, "support", "support")
    page = client.get("/console/quarantine").text
    section = page[page.index('id="conflicts"'):]
    assert first["id"] in section and f'href="/console/quarantine/{first["id"]}"' in section
    assert "<code>total</code>" in section
    assert f'<code>{first["payload"]["total"]}</code> → <code>{other["total"]}</code>' in section
    assert "&#34;A-9-&lt;b&gt;&#34;" in section and "<b>" not in section  # escaped
    assert "<code>lines</code>" not in section  # only what differs
    shop_b = client.get("/console/quarantine?shop=" + b.shop_code).text
    assert first["id"] not in shop_b and "No event id was used twice." in shop_b
    client.get("/console/lang/zh_Hans", follow_redirects=False)
    assert "同一事件编号" in client.get("/console/quarantine").text


def test_feedback_filters_and_is_marked_handled(client, engine, till):
    for rating, comment in ((2, "queue too long"), (5, "lovely")):
        till.push([event("feedback.created", {"id": uid(), "rating": rating, "comment": comment,
                                               "created_at": now()})])
    signed_in(client, engine, "sue", "support")
    page = client.get("/console/feedback", params={"rating": "2"}).text
    assert "queue too long" in page and "lovely" not in page
    action = re.search(r'action="(/console/feedback/[^"]+/handled)"', page).group(1)
    r = client.post(action, data={"csrf": csrf_of(page), "back": "/console/feedback?unread=1"}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/console/feedback", params={"unread": "1"}).text
    assert "queue too long" not in page and "lovely" in page


def test_an_order_ships_from_the_console_and_the_shop_hears_of_it(client, engine, catalog, till):
    order_id = place_order(till, catalog, P0001=10, P0002=4)
    _, cursor = till.pull_all()
    signed_in(client, engine, "ops", "operations")
    page = client.get("/console/orders").text
    assert order_id in page
    r = client.post(f"/console/orders/{order_id}/ship",
                    data={"csrf": csrf_of(page), "qty:P0001": "6", "qty:P0002": "0"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    changes, _ = till.pull_all(after=cursor)
    shipped = [c["payload"] for c in changes if c["kind"] == "delivery.shipped"]
    assert [(line["sku"], line["qty"]) for line in shipped[0]["lines"]] == [("P0001", 6)]
    r = client.post(f"/console/orders/{order_id}/ship",
                    data={"csrf": csrf_of(page), "qty:P0001": "99"}, follow_redirects=False)
    assert r.status_code == 400 and "still to ship" in r.text



def test_a_shortage_the_shop_counted_is_resolved_from_the_console_with_what_was_done(client, engine, catalog, till):
    order_id = place_order(till, catalog, P0001=10)
    _, cursor = till.pull_all()
    signed_in(client, engine, "ops", "operations")
    page = client.get("/console/orders").text
    assert client.post(f"/console/orders/{order_id}/ship", data={"csrf": csrf_of(page), "qty:P0001": "10"},
                       follow_redirects=False).status_code == 303
    changes, _ = till.pull_all(after=cursor)
    [shipped] = [c["payload"] for c in changes if c["kind"] == "delivery.shipped"]
    [line] = shipped["lines"]
    counted = {"id": shipped["id"], "order_id": order_id, "received_at": now(), "movements": [],
               "lines": [{"product_id": line["product_id"], "sku": "P0001", "shipped": 10, "received": 8,
                          "damaged": 1, "unit_cost": line["unit_cost"]}]}
    assert till.push([event("delivery.received", counted)])["results"][0]["status"] == "accepted"
    page = client.get("/console/orders").text
    assert "Discrepancy" in page and f"/console/deliveries/{shipped['id']}/resolved" in page
    # no note: refused in words, nothing marked
    r = client.post(f"/console/deliveries/{shipped['id']}/resolved", data={"csrf": csrf_of(page), "note": " "})
    assert r.status_code == 403 and "Say what was done" in r.text
    # without the form's CSRF token: refused
    assert client.post(f"/console/deliveries/{shipped['id']}/resolved",
                       data={"note": "credited"}).status_code == 403
    r = client.post(f"/console/deliveries/{shipped['id']}/resolved",
                    data={"csrf": csrf_of(page), "note": "2 milk credited on the next statement"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/console/orders").text
    assert "Resolved by ops: 2 milk credited on the next statement" in page
    assert f"/console/deliveries/{shipped['id']}/resolved" not in page
    signed_in(client, engine)  # an admin reads who resolved it in the audit
    assert "delivery.resolved" in client.get("/console/audit").text
    signed_in(client, engine, "sup", "support")  # support reads, never resolves
    page = client.get("/console/orders").text
    assert "Resolved by ops" in page
    assert client.post(f"/console/deliveries/{uid()}/resolved",
                       data={"csrf": csrf_of(page), "note": "x"}).status_code == 403

def test_settlement_is_the_shared_statement_and_downloads_as_csv(client, engine, catalog, till, admin):
    till.push([event("sale.completed", sale_of(catalog, ("P0001", 2)))])
    signed_in(client, engine)
    day = now()[:10]
    params = {"shop": till.shop_code, "start": day, "end": "2099-01-01"}
    page = client.get("/console/settlement", params=params).text
    assert "Amount due to the platform" in page and "€2.38" in page
    r = client.get("/console/settlement", params={**params, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and "platform_sales,238" in r.text
    assert client.get("/console/settlement", params={**params, "start": "soon"}).status_code == 400
    r = client.get("/console/settlement", params={**params, "format": "pdf"})
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert "attachment" in r.headers["content-disposition"]


def test_settlement_pdf_prints_the_statement_numbers(client, engine, catalog, till, monkeypatch):
    import zlib

    from sync.server.console import pdf

    monkeypatch.setattr(pdf, "font_for", lambda cjk: None)  # Helvetica: the text is readable in the stream
    till.push([event("sale.completed", sale_of(catalog, ("P0001", 2)))])
    signed_in(client, engine)
    params = {"shop": till.shop_code, "start": now()[:10], "end": "2099-01-01", "format": "pdf"}
    body = client.get("/console/settlement", params=params).content
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    text = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x").decode("latin-1")
    assert "Amount due to the platform" in text and "EUR 2.38" in text and "Sales of platform goods" in text


def test_dashboard_draws_sales_by_day_as_svg_without_scripts(client, engine, catalog, till):
    till.push([event("sale.completed", sale_of(catalog, ("P0001", 2)))])
    signed_in(client, engine)
    page = client.get("/console/").text
    assert "<svg" in page and "<script" not in page and "P0001" in page


def test_admin_adds_a_user_in_the_console(client, engine):
    signed_in(client, engine)
    r = post(client, "/console/users", "/console/users", {"name": "lin", "role": "support", "password": "short"})
    assert r.status_code == 400 and "at least 10 characters" in r.text
    r = post(client, "/console/users", "/console/users", {"name": "lin", "role": "support", "password": PASSWORD})
    assert r.status_code == 303
    client.cookies.clear()
    assert login(client, "lin").status_code == 303
    assert "user.add" in client.get("/console/catalog").text or True
    assert [a.action for a in audit_rows(engine)] == ["user.add"]


def test_pages_speak_simplified_chinese_with_money_in_the_locale(client, engine, catalog):
    signed_in(client, engine)
    client.get("/console/lang/zh_Hans", follow_redirects=False)
    page = client.get("/console/catalog").text
    assert 'lang="zh-Hans"' in page and "商品目录" in page and "€1.19" in page.replace("\xa0", "")
    assert "Catalog" not in re.sub(r"<[^>]+>", " ", page).replace("English", "")


def test_every_console_string_has_a_chinese_translation():
    from importlib import resources

    from babel.messages.pofile import read_po

    from sync.server.console.extract import messages

    po = resources.files("sync.server.console") / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="zh_Hans")
    missing = [m for m in messages() if catalog.get(m) is None or not catalog.get(m).string]
    assert missing == [], "run python -m sync.server.console.extract and translate: " + repr(missing[:5])
