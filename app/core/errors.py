"""Errors a person at the till can act on. The message is written for them, in their language.

A message is an English *template* with named ``{params}``:
``NotFound(QT_TRANSLATE_NOOP("CoreError", "Unknown barcode or SKU: {code}."), code=code)``.
The marker is how ``pyside6-lupdate`` finds the template (it returns it unchanged; there is no Qt
here). When the message is shown, the template is translated first, through the hook that
``set_translator`` installs (the window installs Qt's ``QCoreApplication.translate``; without one,
as in the CLI, it stays English), and then the params are filled in, so a translation may put
them in another order. ``exc.template`` and ``exc.params`` keep the parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CONTEXT = "CoreError"  # the one translation context of the core's messages

Translator = Callable[[str, str], str]  # (context, English template) -> translated template


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for extraction into the .ts file; the text itself is translated when shown."""
    return text


def _english(context: str, text: str) -> str:
    return text


_translate: Translator = _english


def set_translator(translate: Translator | None) -> None:
    """Route the core's messages through ``translate(context, template)``; None: English again."""
    global _translate
    _translate = translate or _english


def render(template: str, params: dict[str, Any] | None = None) -> str:
    """The template translated, then formatted with ``params`` (each shown with ``str``, so a
    param may itself be a ``Message`` or a ``TillError`` and is translated too)."""
    text = _translate(CONTEXT, template) or template
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder: say it in English
        return template.format(**params)


class Message:
    """A piece of text for a person, translated when it is shown (e.g. what an approval is for)."""

    __slots__ = ("template", "params")

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return render(self.template, self.params)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash(self.template)


class TillError(Exception):
    """A request the shop's rules refuse; nothing was changed."""

    def __init__(self, template: str = "", /, **params: Any) -> None:
        super().__init__(template)
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return render(self.template, self.params)


COMMA = QT_TRANSLATE_NOOP("CoreError", ", ")  # between the items of a list in a sentence ("、" in Chinese)


class Lines:
    """Several messages, one a line, each translated when shown (e.g. the bad rows of an import);
    ``sep`` joins them otherwise (``Lines(labels, sep=Message(COMMA))`` for a list in a sentence)."""

    __slots__ = ("items", "sep")

    def __init__(self, items, sep: object = "\n") -> None:
        self.items = list(items)
        self.sep = sep

    def __str__(self) -> str:
        return str(self.sep).join(str(item) for item in self.items)


def line_error(line: int, error: object) -> Message:
    """``line 12: <what is wrong>`` for a row of an imported file."""
    return Message(QT_TRANSLATE_NOOP("CoreError", "line {line}: {error}"), line=line, error=error)


def not_imported(errors) -> TillError:
    """The refusal of a whole file, with what is wrong on each bad line."""
    return TillError(QT_TRANSLATE_NOOP("CoreError", "The file was not imported:\n{errors}"), errors=Lines(errors))


class NotFound(TillError):
    pass


class InputError(TillError, ValueError):
    """Typed or imported text that is not what it should be (an amount, a whole number, a date).
    A ValueError too, so code that checks a parse with ``except ValueError`` still does."""


def whole_number(text: object, what: str) -> int:
    """``int(text)`` with our words instead of Python's: ``what`` is a marked name of the number
    (``QT_TRANSLATE_NOOP("CoreError", "the quantity")``) -> "the quantity must be a whole number: 'x'"."""
    value = str(text if text is not None else "").strip()
    try:
        return int(value)
    except ValueError:
        raise InputError(QT_TRANSLATE_NOOP("CoreError", "{what} must be a whole number: {value}"),
                         what=Message(what), value=repr(value)) from None


class ApprovalRequired(TillError):
    """The action needs an owner's PIN (``action`` names what is being approved; it is also the
    ``{action}`` param of the message)."""

    def __init__(self, template: str, action: str | Message, /, **params: Any) -> None:
        params.setdefault("action", action)
        super().__init__(template, **params)
        self.args = (template, action)
        self.action = action


class AuthError(TillError):
    pass


class WeightRequired(TillError):
    """A product sold by weight was added without its grams (``params["name"]`` is the product)."""
