"""The words georange shows to readers, in one place.

Every sentence a reader sees is a whole template with named fields, keyed by
an id (:data:`MESSAGES`); a count picks its singular or plural template
(:data:`PLURALS`).  Renderers and exporters never glue sentences from
fragments: they call :func:`say` (plain text) or :func:`say_html` (the
template escaped, its fields escaped unless they are already markup), and they
spell numbers only through :mod:`georange.words.numbers`.

The templates are English.  They are marked with :func:`N_` and looked up
through :func:`gettext` / :func:`ngettext`, so that a gettext catalogue can
translate them without a change at any call site.

>>> say("site.basis.hypothetical")
'hypothetical site'
>>> say_n("sources.count", 1)
'1 source'
>>> say_n("sources.count", 3)
'3 sources'
>>> str(say_html("site.with_basis", site="<Caracas>", basis="hypothetical site"))
'&lt;Caracas&gt; (hypothetical site)'
"""

from __future__ import annotations

import gettext as _gettext
import string
from typing import Any

from markupsafe import Markup, escape

from georange._escape import html_text
from georange.words import numbers
from georange.words._messages import MESSAGES, PLURALS

__all__ = [
    "MESSAGES",
    "PLURALS",
    "Markup",
    "gettext",
    "html_text",
    "ngettext",
    "numbers",
    "say",
    "say_html",
    "say_n",
    "say_n_html",
]

_TRANSLATIONS: _gettext.NullTranslations = _gettext.NullTranslations()


def gettext(message: str) -> str:
    """The message in the current language (English: the message itself)."""
    return _TRANSLATIONS.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current language."""
    return _TRANSLATIONS.ngettext(singular, plural, n)


def _template(msg_id: str) -> str:
    try:
        return gettext(MESSAGES[msg_id])
    except KeyError:
        raise KeyError(f"no message with id {msg_id!r} in georange.words") from None


def _plural_template(msg_id: str, n: int) -> str:
    try:
        singular, plural = PLURALS[msg_id]
    except KeyError:
        raise KeyError(f"no plural message with id {msg_id!r} in georange.words") from None
    return ngettext(singular, plural, n)


def say(msg_id: str, /, **fields: Any) -> str:
    """The message ``msg_id`` with its named fields filled in, as plain text."""
    return _template(msg_id).format(**fields)


def say_n(msg_id: str, n: int, /, **fields: Any) -> str:
    """The singular or plural message ``msg_id`` for ``n`` (also available to it as ``{n}``)."""
    return _plural_template(msg_id, n).format(n=numbers.count(n), **fields)


class _HtmlFormatter(string.Formatter):
    """Escapes each field unless it is already markup (has ``__html__``)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if hasattr(value, "__html__"):
            return str(value.__html__())
        return html_text(format(value, format_spec))


_HTML = _HtmlFormatter()


def _html_template(template: str) -> str:
    # Escape the template's own text (not its {fields}); templates hold no markup.
    return str(escape(template))


def say_html(msg_id: str, /, **fields: Any) -> Markup:
    """The message as HTML: its text escaped, and each field escaped unless it is :class:`Markup`."""
    return Markup(_HTML.vformat(_html_template(_template(msg_id)), (), fields))


def say_n_html(msg_id: str, n: int, /, **fields: Any) -> Markup:
    """The plural message as HTML (see :func:`say_html`)."""
    template = _html_template(_plural_template(msg_id, n))
    return Markup(_HTML.vformat(template, (), {"n": numbers.count(n), **fields}))
