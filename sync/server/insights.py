"""Network insights: each shop measured against the network, published to its feed.

Per shop, over the sales of the last ``days`` days:

- category mix: the share of its sales value (tax included) per category, beside the network
  average share (the mean over the shops that sold anything, so a large shop does not set the norm);
- the network's best sellers (platform products by units, top ``top``) that this shop did not sell;
- its local prices beside the recommended prices.

Each becomes one ``insights.published`` change to the shop's feed, key ``network``; the till keeps
the newest one.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from . import changefeed
from .changefeed import NewChange, dumps
from .identity import utcnow
from .models import LocalPrice, LocalProduct, Product, Sale, SaleLine, Shop

UNCATEGORISED = "Other"


def _share_bp(part: int, whole: int) -> int:
    if whole <= 0:
        return 0
    q, r = divmod(part * 10_000, whole)
    return q + (1 if 2 * r >= whole else 0)


def compute(session: Session, *, days: int = 28, top: int = 10) -> dict[uuid.UUID, dict[str, Any]]:
    """Shop id -> its ``insights.published`` payload (every shop, also those without sales)."""
    now = utcnow()
    since = now - timedelta(days=days)
    category = func.coalesce(Product.category, LocalProduct.category)
    rows = session.execute(
        select(SaleLine.shop_id, category, func.sum(SaleLine.total))
        .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
        .outerjoin(Product, Product.id == SaleLine.product_id)
        .outerjoin(LocalProduct, (LocalProduct.shop_id == SaleLine.shop_id) & (LocalProduct.id == SaleLine.product_id))
        .where(Sale.created_at >= since)
        .group_by(SaleLine.shop_id, category)
    ).all()
    by_shop: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for shop_id, cat, total in rows:
        by_shop[shop_id][cat or UNCATEGORISED] += int(total or 0)
    shares = {
        shop_id: {cat: _share_bp(v, sum(cats.values())) for cat, v in cats.items()}
        for shop_id, cats in by_shop.items()
        if sum(cats.values()) > 0
    }
    categories = sorted({cat for cats in shares.values() for cat in cats})
    network_share = {
        cat: (sum(s.get(cat, 0) for s in shares.values()) * 2 + len(shares)) // (2 * len(shares)) if shares else 0
        for cat in categories
    }

    # Units: pieces for counted goods; a weighed line counts as one purchase (its qty is grams).
    units = func.sum(case((SaleLine.unit == "kg", 1), else_=SaleLine.qty))
    best = session.execute(
        select(Product.id, Product.sku, Product.name, units.label("units"))
        .join(SaleLine, SaleLine.product_id == Product.id)
        .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
        .where(Sale.created_at >= since, Product.active.is_(True), Product.published.is_not(None))
        .group_by(Product.id, Product.sku, Product.name)
        .order_by(units.desc(), Product.sku)
        .limit(top)
    ).all()
    sold: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    if best:
        for shop_id, product_id in session.execute(
            select(SaleLine.shop_id, SaleLine.product_id)
            .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
            .where(Sale.created_at >= since, SaleLine.product_id.in_([b.id for b in best]))
            .distinct()
        ):
            sold[shop_id].add(product_id)

    prices: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for shop_id, sku, name, local, recommended in session.execute(
        select(LocalPrice.shop_id, Product.sku, Product.name, LocalPrice.price, Product.price)
        .join(Product, Product.id == LocalPrice.product_id)
        .where(LocalPrice.price.is_not(None))
        .order_by(Product.sku)
    ):
        prices[shop_id].append({"sku": sku, "name": name, "local_price": local, "recommended": recommended})

    out: dict[uuid.UUID, dict[str, Any]] = {}
    for shop_id in session.scalars(select(Shop.id).order_by(Shop.code)):
        mine = shares.get(shop_id, {})
        out[shop_id] = {
            "key": "network",
            "computed_at": now.isoformat(),
            "period_days": days,
            "category_mix": [
                {"category": cat, "shop_share_bp": mine.get(cat, 0), "network_share_bp": network_share[cat]}
                for cat in categories
            ],
            "missing_best_sellers": [
                {"sku": b.sku, "name": b.name, "network_units": int(b.units)}
                for b in best
                if b.id not in sold[shop_id]
            ],
            "price_position": prices.get(shop_id, []),
        }
    return out


def publish(session: Session, *, days: int = 28, top: int = 10) -> tuple[int, int | None]:
    """Compute and append one ``insights.published`` change per shop; returns (shops, last seq)."""
    payloads = compute(session, days=days, top=top)
    seq = changefeed.append(
        session, [NewChange(shop_id, "insights.published", dumps(payload)) for shop_id, payload in payloads.items()]
    )
    return len(payloads), seq
