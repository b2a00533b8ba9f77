"""Keep None alive under PySide6's QVariant conversion bug.

Measured here with PySide6 6.12.0 on Python 3.11: every time Qt's C++ side receives ``None``
from a Python override that returns a QVariant (``data()``, ``headerData()``), one reference
to ``None`` is dropped. An item view asks for many roles per cell, so within seconds None's
reference count reaches zero and the interpreter aborts with "none_dealloc: deallocating
None". Returning ``None`` for "no data" is the documented PySide idiom and there is no other
Python value that converts to an invalid QVariant, so instead of changing every model we do
what Python 3.12 does itself: make None effectively immortal by giving it a reference count
no realistic number of drops can exhaust. Nothing changes on Python 3.12+, where None is
immortal already.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False


def keep_none_alive() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or not hasattr(sys, "getrefcount"):
        return
    # ob_refcnt is the first field of every CPython object
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48
    _DONE = True


keep_none_alive()
