"""A realistic demo shop: a neighbourhood grocery with 200+ products, two staff, a few customers."""

from __future__ import annotations

import random

from .barcodes import with_check_digit
from . import stock
from .catalog import ProductSpec, by_sku, upsert
from .till import Till

OWNER_PIN = "1234"
CASHIER_PIN = "1111"

FOOD, STANDARD = 700, 1900  # VAT in basis points

# category -> (vat, [(name, price in cents, cost in cents), ...])
CATALOG: dict[str, tuple[int, list[tuple[str, int, int]]]] = {
    "Dairy": (FOOD, [
        ("Whole milk 1 l", 119, 79), ("Semi-skimmed milk 1 l", 109, 72), ("Oat drink 1 l", 229, 150),
        ("Butter 250 g", 249, 170), ("Natural yoghurt 500 g", 139, 88), ("Greek yoghurt 400 g", 219, 140),
        ("Cheddar 200 g", 289, 190), ("Mozzarella 125 g", 99, 58), ("Cream cheese 200 g", 159, 99),
        ("Eggs free range x6", 249, 165), ("Eggs free range x10", 379, 255), ("Single cream 200 ml", 99, 60),
        ("Feta 200 g", 229, 150), ("Parmesan 100 g", 319, 220), ("Kefir 500 ml", 189, 120),
    ]),
    "Bakery": (FOOD, [
        ("Sourdough loaf", 349, 190), ("Wholemeal bread", 199, 110), ("Baguette", 129, 60),
        ("Croissant", 109, 45), ("Pain au chocolat", 129, 55), ("Rye bread", 249, 140),
        ("Bagels x4", 199, 110), ("Pitta bread x6", 119, 65), ("Tortilla wraps x8", 179, 100),
        ("Cinnamon roll", 159, 70), ("Brioche buns x4", 229, 130), ("Crackers 200 g", 169, 95),
    ]),
    "Fruit & veg": (FOOD, [
        ("Bananas bunch", 129, 75), ("Lemons x4", 149, 85), ("Avocado", 99, 55), ("Cucumber", 69, 35),
        ("Iceberg lettuce", 89, 45), ("Cherry tomatoes 250 g", 149, 85), ("Spring onions", 59, 30),
        ("Garlic bulb", 39, 18), ("Fresh ginger 100 g", 79, 40), ("Blueberries 150 g", 249, 160),
        ("Strawberries 400 g", 299, 190), ("Baby spinach 200 g", 179, 100), ("Mushrooms 250 g", 129, 75),
        ("Fresh basil", 109, 55), ("Peppers x3", 189, 110),
    ]),
    "Pantry": (FOOD, [
        ("Basmati rice 1 kg", 279, 180), ("Spaghetti 500 g", 119, 65), ("Penne 500 g", 119, 65),
        ("Chopped tomatoes 400 g", 69, 38), ("Chickpeas 400 g", 79, 42), ("Kidney beans 400 g", 79, 42),
        ("Olive oil 500 ml", 599, 420), ("Sunflower oil 1 l", 249, 170), ("Plain flour 1 kg", 99, 55),
        ("Caster sugar 1 kg", 129, 80), ("Sea salt 250 g", 89, 45), ("Black pepper 50 g", 189, 110),
        ("Peanut butter 340 g", 249, 160), ("Strawberry jam 340 g", 199, 120), ("Honey 340 g", 399, 270),
        ("Porridge oats 1 kg", 159, 95), ("Cornflakes 500 g", 249, 160), ("Granola 500 g", 329, 210),
        ("Soy sauce 150 ml", 179, 105), ("Coconut milk 400 ml", 139, 80), ("Red lentils 500 g", 149, 90),
        ("Tuna chunks 160 g", 149, 95), ("Vegetable stock cubes", 99, 55), ("Curry paste 190 g", 219, 135),
        ("Egg noodles 250 g", 129, 75), ("Tomato ketchup 500 g", 199, 120), ("Mayonnaise 400 g", 229, 140),
        ("Dijon mustard 200 g", 169, 100), ("Balsamic vinegar 250 ml", 279, 170), ("Baked beans 415 g", 99, 55),
    ]),
    "Snacks": (STANDARD, [
        ("Sea salt crisps 150 g", 179, 100), ("Paprika crisps 150 g", 179, 100), ("Tortilla chips 200 g", 169, 95),
        ("Salted peanuts 200 g", 189, 110), ("Mixed nuts 200 g", 399, 260), ("Milk chocolate 100 g", 129, 75),
        ("Dark chocolate 100 g", 159, 95), ("Digestive biscuits 400 g", 139, 80), ("Chocolate cookies 200 g", 189, 110),
        ("Rice cakes 130 g", 119, 65), ("Popcorn 100 g", 149, 80), ("Gummy bears 200 g", 129, 70),
        ("Cereal bars x5", 219, 130), ("Pretzels 175 g", 139, 75), ("Flapjack", 119, 60),
    ]),
    "Drinks": (STANDARD, [
        ("Still water 1.5 l", 69, 30), ("Sparkling water 1.5 l", 79, 35), ("Cola 1.5 l", 199, 110),
        ("Cola zero 330 ml", 99, 45), ("Lemonade 1.5 l", 179, 95), ("Orange juice 1 l", 229, 140),
        ("Apple juice 1 l", 199, 120), ("Iced tea 500 ml", 149, 75), ("Energy drink 250 ml", 159, 80),
        ("Ginger beer 330 ml", 119, 60), ("Coconut water 330 ml", 199, 120), ("Sports drink 500 ml", 149, 75),
    ]),
    "Hot drinks": (FOOD, [
        ("Ground coffee 250 g", 449, 300), ("Coffee beans 500 g", 799, 540), ("Instant coffee 100 g", 399, 260),
        ("English breakfast tea x80", 329, 210), ("Green tea x20", 199, 120), ("Peppermint tea x20", 189, 115),
        ("Hot chocolate 300 g", 299, 190), ("Chai tea x20", 229, 140),
    ]),
    "Frozen": (FOOD, [
        ("Frozen peas 1 kg", 169, 100), ("Oven chips 1.5 kg", 249, 150), ("Fish fingers x10", 249, 155),
        ("Margherita pizza", 299, 180), ("Vanilla ice cream 1 l", 349, 210), ("Frozen berries 500 g", 299, 190),
        ("Veggie burgers x4", 279, 170), ("Dumplings 400 g", 349, 220),
    ]),
    "Meat & fish": (FOOD, [
        ("Chicken breast 300 g", 399, 270), ("Beef mince 500 g", 449, 310), ("Smoked salmon 100 g", 349, 230),
        ("Back bacon 300 g", 299, 195), ("Pork sausages x6", 279, 180), ("Cooked ham 120 g", 199, 125),
        ("Salami 100 g", 229, 145), ("Chicken thighs 500 g", 349, 230),
    ]),
    "Household": (STANDARD, [
        ("Washing-up liquid 500 ml", 129, 70), ("Laundry liquid 1 l", 499, 320), ("Kitchen roll x2", 229, 140),
        ("Toilet roll x9", 449, 300), ("Bin bags x20", 199, 110), ("Sponges x3", 119, 55),
        ("Multi-surface spray", 199, 115), ("Aluminium foil 10 m", 169, 95), ("Cling film 30 m", 149, 80),
        ("Light bulb LED", 399, 230), ("AA batteries x4", 449, 280), ("Matches", 49, 20),
        ("Tea lights x25", 249, 140), ("Dishwasher tablets x30", 649, 430), ("Zip bags x20", 179, 95),
    ]),
    "Personal care": (STANDARD, [
        ("Toothpaste 75 ml", 199, 110), ("Toothbrush", 149, 70), ("Shampoo 250 ml", 329, 200),
        ("Shower gel 250 ml", 199, 115), ("Hand soap 300 ml", 149, 80), ("Deodorant 150 ml", 279, 170),
        ("Tissues x100", 129, 65), ("Cotton pads x80", 119, 55), ("Plasters x20", 249, 140),
        ("Paracetamol x16", 99, 40), ("Lip balm", 199, 110), ("Sun cream 200 ml", 799, 520),
    ]),
    "Baby": (STANDARD, [
        ("Nappies size 4 x40", 999, 700), ("Baby wipes x64", 199, 110), ("Baby food pouch", 129, 75),
        ("Baby rice 100 g", 199, 120),
    ]),
    "Pet": (STANDARD, [
        ("Dog food 400 g", 149, 85), ("Cat food pouches x12", 499, 330), ("Cat litter 5 l", 349, 220),
        ("Dog treats 200 g", 249, 150),
    ]),
    "Newsagent": (STANDARD, [
        ("Daily newspaper", 180, 140), ("Weekly magazine", 350, 260), ("Greeting card", 250, 110),
        ("Ballpoint pens x4", 199, 90), ("Notebook A5", 249, 120), ("Sticky tape", 129, 60),
        ("Envelopes x10", 149, 60), ("Birthday candles", 129, 55), ("Gift bag", 199, 80),
        ("Phone top-up card", 1000, 970), ("Postcard", 80, 30),
    ]),
}

# weighed goods: name, price per kg (cents), cost per kg
WEIGHED: dict[str, list[tuple[str, int, int]]] = {
    "Fruit & veg": [
        ("Apples Gala", 299, 170), ("Pears Conference", 279, 160), ("Oranges", 249, 140), ("Carrots", 119, 60),
        ("Potatoes", 99, 50), ("Onions", 129, 65), ("Tomatoes vine", 399, 240), ("Courgettes", 299, 170),
        ("Grapes white", 599, 380), ("Broccoli", 349, 200), ("Sweet potatoes", 249, 140), ("Mango", 499, 300),
        ("Kiwi", 449, 260), ("Plums", 399, 240), ("Leeks", 299, 170),
    ],
    "Deli": [
        ("Olives mixed", 1490, 900), ("Hummus fresh", 1190, 650), ("Coleslaw", 790, 420), ("Potato salad", 890, 480),
        ("Prawns cooked", 2490, 1700), ("Emmental sliced", 1690, 1100), ("Gouda aged", 1990, 1300),
        ("Turkey breast", 1890, 1200), ("Chorizo", 2190, 1400),
    ],
    "Pick & mix": [
        ("Sweets pick & mix", 1290, 600), ("Dried apricots", 1490, 900), ("Cashews loose", 2490, 1600),
        ("Almonds loose", 2190, 1400), ("Trail mix loose", 1690, 1000),
    ],
}

LOCAL: list[tuple[str, int, int]] = [
    ("Mrs Okafor's plantain chips", 250, 150), ("Local honey 250 g (Hill Farm)", 650, 420),
    ("Homemade samosas x2", 300, 140), ("Allotment eggs x6", 280, 170),
]


def demo_specs() -> list[tuple[ProductSpec, bool]]:
    """(spec, is_local) for every demo product; barcodes carry valid check digits."""
    out: list[tuple[ProductSpec, bool]] = []
    n = 0
    for category, (vat, items) in CATALOG.items():
        for name, price, cost in items:
            n += 1
            code = with_check_digit(f"5012345{n:05d}")
            out.append((ProductSpec(
                sku=f"P{n:04d}", name=name, category=category, vat_rate_bp=vat, price=price, cost=cost,
                min_price=price * 80 // 100, max_price=price * 130 // 100, barcodes=(code,),
            ), False))
    plu = 100
    for category, items in WEIGHED.items():
        for name, per_kg, cost in items:
            n += 1
            plu += 1
            out.append((ProductSpec(
                sku=f"W{plu:04d}", name=f"{name} (per kg)", category=category, unit="kg", vat_rate_bp=FOOD,
                price=per_kg, cost=cost, min_price=per_kg * 80 // 100, max_price=per_kg * 130 // 100, plu=str(plu),
            ), False))
    for i, (name, price, cost) in enumerate(LOCAL, start=1):
        out.append((ProductSpec(
            sku=f"L{i:03d}", name=name, category="Local", vat_rate_bp=FOOD, price=price, cost=cost,
            barcodes=(with_check_digit(f"2991000{i:05d}"),),
        ), True))
    return out


def seed_catalog(till: Till) -> int:
    """The demo catalog straight into the till (a till without a platform)."""
    with till.write() as s:
        for spec, is_local in demo_specs():
            upsert(s, spec, is_local=is_local)
    return len(demo_specs())


def platform_catalog_csv() -> str:
    """The demo's platform products as a catalog CSV in the shared format both ends read
    (``sync/catalog_row.py``, docs/catalog-format.md: prices in minor units). Scale item codes
    (PLUs) are the shop's own scale set-up, so they are not in it."""
    lines = ["sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes"]
    for spec, is_local in demo_specs():
        if is_local:
            continue
        name = spec.name.replace('"', "'")
        lines.append(f'{spec.sku},"{name}",{spec.category},{spec.unit},{spec.vat_rate_bp},{spec.price},'
                     f'{spec.min_price if spec.min_price is not None else ""},'
                     f'{spec.max_price if spec.max_price is not None else ""},{spec.cost},'
                     f'{"|".join(spec.barcodes)}')
    return "\n".join(lines) + "\n"


def seed(till: Till, *, rng_seed: int = 7, open_session: bool = True, catalog: bool = True) -> dict:
    """Fill a till with the demo shop. With ``catalog=False`` the platform products are
    expected to be there already (from a sync); the shop's own products, staff, stock and
    customers are added here. Returns what was made (for the command's output)."""
    if catalog and till.status()["products"]:
        raise RuntimeError("This till already has products; demo data goes into an empty data directory.")
    rng = random.Random(rng_seed)
    if not till.meta("device_id"):
        till.set_meta(shop_code="DEMO", shop_name="Corner Demo Grocery", till_no="1")
    till.set_meta(currency="EUR", locale="en_GB")
    specs = demo_specs()
    with till.write() as s:
        for spec, is_local in specs:
            if catalog or is_local:
                upsert(s, spec, is_local=is_local)
        s.flush()
        for spec, is_local in specs:
            product = by_sku(s, spec.sku)
            if product is None:
                continue
            product.favourite = spec.sku in FAVOURITES
            if spec.plu and not product.plu:  # scale item codes are set up per shop, on its scale
                product.plu = f"{int(spec.plu):05d}"
            product.reorder_point = 0 if spec.unit == "kg" else rng.choice([3, 5, 6, 10])
            product.pack_size = 1 if spec.unit == "kg" else rng.choice([6, 6, 12, 12, 24])
    owner = till.add_staff("Mei Chen", "owner", OWNER_PIN)
    till.add_staff("Sam Patel", "cashier", CASHIER_PIN)
    till.login(OWNER_PIN)
    with till.write() as s:  # a first delivery so the shelves are not empty
        for spec, _ in specs:
            product = by_sku(s, spec.sku)
            if product is None:
                continue
            qty = rng.randint(2, 15) * 1000 if spec.unit == "kg" else rng.randint(4, 40)
            stock.receive(s, product, qty, product.cost, owner.id, reason="opening stock")
    for fields in (
        {"name": "Ada Lovelace", "phone": "+44 7700 900001", "email": "ada@example.org", "consent_share": True,
         "consent_marketing": True},
        {"name": "Bao Nguyen", "phone": "+44 7700 900002", "consent_share": True},
        {"name": "Carmen Ruiz", "phone": "+44 7700 900003"},
        {"name": "Dev Sharma", "phone": "+44 7700 900004", "email": "dev@example.org", "consent_marketing": True},
    ):
        till.save_customer(fields)
    if open_session:
        till.open_session(10000)
    till.lock()
    return {"products": till.status()["products"], "staff": 2, "customers": 4, "owner": owner.name,
            "owner_pin": OWNER_PIN, "cashier_pin": CASHIER_PIN}


FAVOURITES = {"P0001", "P0010", "P0016", "P0018", "P0028", "P0031", "P0073", "P0088", "P0090", "P0101",
              "P0130", "P0142", "W0101", "W0105", "W0106", "W0116"}
