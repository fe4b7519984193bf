"""Escaping for text that reaches a page: HTML, and the characters special elsewhere on it."""

from __future__ import annotations

from markupsafe import escape

__all__ = ["html_text"]

_EXTRA_ESCAPES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def html_text(value: object) -> str:
    r"""Escape text for HTML, also neutralising characters special elsewhere on the page.

    Beyond ``<>&"'``: backticks, ``$`` and ``\`` (JavaScript template strings)
    and braces (folium re-reads rendered element output as a Jinja template,
    so ``{{`` in a data file must never reach it).

    >>> html_text("<b>{{x}}</b> & `$`")
    '&lt;b&gt;&#123;&#123;x&#125;&#125;&lt;/b&gt; &amp; &#96;&#36;&#96;'
    """
    return str(escape(str(value))).translate(_EXTRA_ESCAPES)
