"""The till's receipt printer and cash drawer, as chosen in the settings.

``PrinterConfig.kind`` is one of:

- ``none``: nothing is printed (the receipt is still on screen and can be saved as PDF)
- ``network``: ESC/POS over TCP, address ``host`` or ``host:port`` (port 9100 by default)
- ``usb``: ESC/POS over USB, address ``VID:PID`` in hex, e.g. ``04b8:0202``
- ``serial``: ESC/POS over a serial port, address ``/dev/ttyUSB0`` or ``/dev/ttyUSB0@19200``
- ``system``: the operating system's printer (address: its name, empty for the default)
- ``pdf``: a PDF file per receipt in a folder (address: the folder)

ESC/POS talks to hardware and may block: callers run ``print_doc``/``open_drawer`` off the UI
thread for those kinds (``needs_thread``). Errors come out as ``PrinterError`` with a message
for the person at the counter, in the window's language (``translate("Printer", ...)``, which is
thread-safe); what the device said goes to the log.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from . import escpos_out
from .receipt import DEFAULT_WIDTH, Receipt, Report

log = logging.getLogger("corner.devices")

translate = QCoreApplication.translate  # translate("Printer", "text"): the form lupdate reads

KINDS = ("none", "network", "usb", "serial", "system", "pdf")
ESCPOS_KINDS = ("network", "usb", "serial")


class PrinterError(Exception):
    """The printer or drawer did not work; the message says what to check."""


@dataclass(frozen=True)
class PrinterConfig:
    kind: str = "none"
    address: str = ""
    width: int = DEFAULT_WIDTH


def open_escpos(config: PrinterConfig):
    """A python-escpos printer for the configured connection."""
    from escpos import printer as escpos_printer

    address = config.address.strip()
    if config.kind == "network":
        host, _, port = address.partition(":")
        if not host:
            raise PrinterError(translate("Printer", "Set the printer's network address in Settings."))
        return escpos_printer.Network(host, int(port or 9100), timeout=10)
    if config.kind == "usb":
        vid, _, pid = address.partition(":")
        try:
            return escpos_printer.Usb(int(vid, 16), int(pid, 16))
        except ValueError:
            raise PrinterError(translate("Printer", "Write the USB printer as VENDOR:PRODUCT in hex, e.g. 04b8:0202.")
                               ) from None
    if config.kind == "serial":
        dev, _, baud = address.partition("@")
        return escpos_printer.Serial(devfile=dev or "/dev/ttyUSB0", baudrate=int(baud or 9600))
    raise PrinterError(translate("Printer", "The printer kind “{kind}” does not speak ESC/POS.").format(
        kind=config.kind))


class ReceiptPrinter:
    """Prints receipts and reports and opens the drawer on the configured device.

    ``device``: a python-escpos printer to use as is (tests pass ``escpos.printer.Dummy()``).
    """

    def __init__(self, config: PrinterConfig | None = None, device=None) -> None:
        self.config = config or PrinterConfig()
        self._device = device
        self._lock = threading.Lock()  # one job at a time on the wire

    @property
    def uses_escpos(self) -> bool:
        return self._device is not None or self.config.kind in ESCPOS_KINDS

    @property
    def needs_thread(self) -> bool:
        return self.uses_escpos

    @property
    def has_drawer(self) -> bool:
        return self.uses_escpos

    @property
    def prints(self) -> bool:
        return self.uses_escpos or self.config.kind in ("system", "pdf")

    def _escpos(self):
        if self._device is None:
            self._device = open_escpos(self.config)
        return self._device

    def print_doc(self, doc: Receipt | Report, name: str = "receipt") -> str:
        """Print ``doc``; returns a short note of where it went."""
        with self._lock:
            try:
                if self.uses_escpos:
                    escpos_out.print_doc(self._escpos(), doc, self.config.width)
                    return "printer"
                if self.config.kind == "system":
                    from .paper import print_system

                    print_system(doc, self.config.address, self.config.width)
                    return "system printer"
                if self.config.kind == "pdf":
                    from .paper import save_pdf

                    folder = Path(self.config.address or ".").expanduser()
                    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                    return str(save_pdf(doc, folder / f"{name}-{stamp}.pdf", self.config.width))
                return ""
            except PrinterError:
                raise
            except Exception as exc:
                log.exception("printing failed on %s", self.config.kind)
                self._device = None if self.config.kind in ESCPOS_KINDS else self._device
                raise PrinterError(translate("Printer", "The receipt printer did not print. Check it is on, has paper, "
                                             "and that Settings has the right connection.")) from exc

    def open_drawer(self) -> bool:
        """Kick the cash drawer; False when this setup has no drawer."""
        if not self.has_drawer:
            return False
        with self._lock:
            try:
                escpos_out.kick_drawer(self._escpos())
                return True
            except PrinterError:
                raise
            except Exception as exc:
                log.exception("drawer kick failed")
                raise PrinterError(translate("Printer", "The cash drawer did not open; open it with its key.")) from exc
