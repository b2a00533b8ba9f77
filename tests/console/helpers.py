"""Helpers of the console tests: users, login through the form, the CSRF token of a page."""

from __future__ import annotations

import re

from sync.server.console import auth
from sync.server.db import session_scope

PASSWORD = "correct horse battery"
HEADER = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
CATALOG = HEADER + (
    "P0001,Milk 1L,Dairy,each,700,119,99,149,80,4006381333931\n"
    "P0002,Bread,Bakery,each,700,250,,,150,\n"
    "P0003,Cheese,Dairy,kg,700,1990,,,1200,\n"
)


def add_user(engine, name: str, role: str, password: str = PASSWORD) -> None:
    with session_scope(engine) as session:
        auth.add_user(session, name, role, password)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client, name: str, password: str = PASSWORD):
    form = client.get("/console/login")
    assert form.status_code == 200
    return client.post("/console/login", data={"name": name, "password": password, "csrf": csrf_of(form.text),
                                                "next": "/console/"}, follow_redirects=False)


def signed_in(client, engine, name: str = "ada", role: str = "admin"):
    add_user(engine, name, role)
    r = login(client, name)
    assert r.status_code == 303, r.text
    return client
