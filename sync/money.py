"""Money helpers both ends share (integer minor units; no Qt, no pydantic: the till imports this at
start-up)."""

from __future__ import annotations

from collections.abc import Sequence

MAX_AMOUNT = 10**11  # minor units: a billion in major units; the most any amount may be (protocol.py)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` so the parts sum exactly to ``total``.

    Largest remainder, ties to the earlier weight; zero weights get zero unless every weight is
    zero, when everything goes to the first. A negative total is split as its mirror image. For
    ``0 <= total <= sum(weights)`` each part is at most ``total * w / sum(w)`` rounded up, so a
    part never exceeds its weight (the pricing engine relies on it)."""
    if not weights:
        if total:
            raise ValueError("cannot allocate a non-zero amount over nothing")
        return []
    whole = sum(weights)
    if whole == 0:
        return [total] + [0] * (len(weights) - 1)
    sign = -1 if total < 0 else 1
    amount = abs(total)
    parts = [amount * w // whole for w in weights]
    rest = amount - sum(parts)
    if rest:
        order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
        for i in order[:rest]:
            parts[i] += 1
    return [sign * p for p in parts] if sign < 0 else parts
