"""Corner's till: the shop's rules (core), the window (ui), devices and the `corner` command."""
