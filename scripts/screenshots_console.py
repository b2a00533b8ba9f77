"""Screenshots of every console page in English and Simplified Chinese, at 1366x768.

    .venv/bin/python scripts/screenshots_console.py [OUT_DIR]   # default docs/console/

Starts a corner-server on loopback with a fresh SQLite file, the demo catalog, three shops with
four weeks of sales pushed by enrolled devices, an order, feedback and a quarantined event; then
drives Debian's chromium through Playwright and writes ``<page>-<lang>.png``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from app.core import demo
from sync.server import testing
from sync.server.console import auth
from sync.server.db import make_engine, session_scope
from sync.server.settings import Settings

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--font-render-hinting=none"]
PASSWORD = "demo-password-1"


def uid() -> str:
    return str(uuid.uuid4())


def sale(products: list[dict], when: datetime, rng: random.Random) -> dict:
    lines, moves = [], []
    for n, p in enumerate(rng.sample(products, rng.randint(1, 4)), start=1):
        qty = rng.randint(1, 3) if p["unit"] == "each" else rng.randint(200, 900)
        total = p["price"] * qty // (1000 if p["unit"] == "kg" else 1)
        tax = total * p["vat_rate_bp"] // (10_000 + p["vat_rate_bp"])
        lines.append({"id": uid(), "line_no": n, "product_id": p["id"], "sku": p["sku"], "name": p["name"],
                      "qty": qty, "unit": p["unit"], "unit_price": p["price"], "discount": 0, "total": total,
                      "vat_rate_bp": p["vat_rate_bp"], "tax": tax, "unit_cost": p["cost"]})
        moves.append({"id": uid(), "product_id": p["id"], "sku": p["sku"], "kind": "sale", "qty": -qty,
                      "created_at": when.isoformat()})
    total = sum(line["total"] for line in lines)
    return {"id": uid(), "receipt_no": f"R-{uid()[:8]}", "receipt_token": uid().replace("-", ""),
            "created_at": when.isoformat(), "staff_id": uid(), "subtotal": total, "discount": 0, "total": total,
            "tax": sum(line["tax"] for line in lines), "lines": lines,
            "payments": [{"id": uid(), "method": "card", "amount": total}], "movements": moves}


def event(kind: str, payload: dict, when: datetime) -> dict:
    return {"id": uid(), "kind": kind, "created_at": when.isoformat(), "payload": payload}


def seed(url: str, base: str) -> None:
    admin = {"Authorization": f"Bearer {testing.create_admin_token(url)}", **testing.protocol_headers()}
    r = httpx.post(base + "/admin/catalog/import", headers=admin, timeout=60,
                   json={"format": "csv", "content": demo.platform_catalog_csv(), "publish": True})
    r.raise_for_status()
    products = httpx.get(base + "/admin/products", params={"limit": 1000}, headers=admin).json()
    httpx.put(base + "/admin/products/P0002/price", json={"price": 115}, headers=admin).raise_for_status()
    today = datetime.now(timezone.utc).date()
    for body in ({"name": "Milk 3 for 2", "kind": "multi_buy", "skus": ["P0001"], "buy_qty": 3, "pay_qty": 2},
                 {"name": "Dairy week 10 % off", "kind": "percent_off", "categories": ["Dairy"], "percent_bp": 1000,
                  "platform_share_bp": 5000},
                 {"name": "Spend 20, save 2 (coupon)", "kind": "basket", "threshold": 2000, "amount": 200,
                  "coupon_required": True}):
        httpx.post(base + "/admin/promotions", headers=admin, json={
            **body, "starts_at": f"{today - timedelta(days=3)}T00:00", "ends_at": f"{today + timedelta(days=11)}T20:00",
        }).raise_for_status()
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    for name, code, volume, trend in (("Corner Demo Grocery", "DEMO", 9, 1.0), ("Riverside Mini Mart", "RIV", 6, 0.5),
                                      ("Station Corner", "STA", 4, 1.3)):
        shop = testing.create_shop(url, name, code)
        device = testing.enroll(base, shop.enrollment_code, f"{code.lower()}-till-1")
        headers = testing.protocol_headers(device.token)
        events = []
        for day in range(27, -1, -1):
            factor = trend if day < 14 else 1.0
            for _ in range(max(1, int(volume * factor + rng.randint(-2, 2)))):
                when = now - timedelta(days=day, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
                events.append(event("sale.completed", sale(products[:60], when, rng), when))
        events.append(event("order.placed", {"id": uid(), "created_at": now.isoformat(), "note": "Weekend top-up",
                                             "lines": [{"product_id": p["id"], "sku": p["sku"], "qty": q}
                                                       for p, q in zip(products[:3], (24, 12, 6))]}, now))
        for rating, comment in ((5, "Friendly and quick"), (2, "The milk was past its date"), (4, "")):
            events.append(event("feedback.created", {"id": uid(), "rating": rating, "comment": comment,
                                                     "created_at": now.isoformat()}, now))
        if code == "RIV":
            events.append(event("sale.completed", {"id": "not-a-uuid", "total": 120}, now))
        for start in range(0, len(events), 200):
            httpx.post(base + "/v1/sync/push", json={"events": events[start:start + 200]}, headers=headers,
                       timeout=60).raise_for_status()
    engine = make_engine(Settings(database_url=url))
    with session_scope(engine) as s:
        auth.add_user(s, "ada", "admin", PASSWORD)
        auth.add_user(s, "chen", "catalog", PASSWORD)
        auth.add_user(s, "sam", "operations", PASSWORD)
        auth.disable_user(s, auth.add_user(s, "lin", "support", PASSWORD))  # a disabled one shows its Enable button
    engine.dispose()


def shoot(base: str, out: Path) -> list[Path]:
    shots: list[Path] = []
    sample_csv = demo.platform_catalog_csv().splitlines()
    changed = "\n".join([sample_csv[0], sample_csv[1].replace(",119,", ",149,"), *sample_csv[2:6],
                         "P9001,Sourdough loaf,Bakery,each,700,399,,,240,"]) + "\n"
    bad = "\n".join([sample_csv[0], sample_csv[1], "P9002,Rye bread,Bakery,each,700,3.99,,,,",
                     "P9003,,Bakery,each,700,250,,,,5012345000016"]) + "\n"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for lang in ("en", "zh_Hans"):
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()

            def snap(name: str, full: bool = True) -> None:
                path = out / f"{name}-{lang}.png"
                page.screenshot(path=str(path), full_page=full)
                shots.append(path)

            page.goto(f"{base}/console/lang/{lang}?next=/console/login")
            snap("login", full=False)
            page.fill("#name", "ada")
            page.fill("#password", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            for name, path in (("network", "/console/"), ("catalog", "/console/catalog?category=Dairy"),
                               ("product", "/console/catalog/products/P0002"), ("policies", "/console/policies"),
                               ("shops", "/console/shops"), ("shop", "/console/shops/DEMO"),
                               ("quarantine", "/console/quarantine"), ("feedback", "/console/feedback"),
                               ("orders", "/console/orders"),
                               ("settlement", f"/console/settlement?shop=DEMO&start="
                                              f"{(datetime.now(timezone.utc) - timedelta(days=28)).date()}"
                                              f"&end={(datetime.now(timezone.utc) + timedelta(days=1)).date()}"),
                               ("users", "/console/users"), ("promotions", "/console/promotions")):
                page.goto(base + path)
                snap(name)
            page.goto(base + "/console/quarantine")
            page.locator("table.list a").first.click()
            page.wait_for_load_state()
            snap("quarantine-event")
            for name, text in (("import-preview", changed), ("import-errors", bad)):
                page.goto(base + "/console/catalog/import")
                page.set_input_files("#file", files=[{"name": f"{name}.csv", "mimeType": "text/csv",
                                                      "buffer": text.encode()}])
                with page.expect_navigation():
                    page.click("form[enctype] button[type=submit]")
                snap(name)
            page.goto(base + "/console/shops/STA")
            with page.expect_navigation():
                page.click("form[action$=enrollment-code] button")
            snap("enrollment")
            page.goto(base + "/console/audit")
            snap("audit")
            context.close()
        browser.close()
    return shots


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "console"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'server.sqlite3'}"
        testing.create_admin_token(url)  # migrates
        with testing.ServerProcess(url) as server:
            server.wait_ready()
            seed(url, server.base_url)
            for path in shoot(server.base_url, out):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
