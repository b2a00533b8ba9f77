"""Taking payment: cash with quick amounts and change, card and mobile with a reference, splits."""
