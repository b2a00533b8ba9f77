"""Selling at the counter: the scan field, search, favourites, the cart and its totals."""
