"""Valid text at the reader boundary: every string an input gives us becomes valid, XML-safe Unicode once.

Two sources of invalid strings reach the readers:

* file names that are not UTF-8: Python hands them over with ``surrogateescape`` (the byte
  ``\\xff`` becomes the lone surrogate U+DCFF), which no RDF literal, JSON encoder or
  terminal accepts;
* JSON strings with a lone surrogate (``"\\udc80"``), which ``json.loads`` accepts.

:func:`valid_text` writes such surrogates as backslash escapes (``\\xff`` for an undecodable byte,
``\\ud800`` for any other lone surrogate), so the original can still be told from the text, and
replaces the characters XML 1.0 forbids (C0 controls but tab, line feed and return; U+FFFE and
U+FFFF) with U+FFFD. A path is opened under its own (raw) name; only what is shown or stored is
escaped.

>>> valid_text("c_\\udcff\\udcfe.txt")
'c_\\\\xff\\\\xfe.txt'
>>> valid_text("Moscow\\ufffe and Kyiv")
'Moscow\\ufffd and Kyiv'
"""
from __future__ import annotations

import re

__all__ = ["valid_text", "valid_optional"]

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return REPLACEMENT


def valid_text(text: str) -> str:
    """``text`` as valid Unicode that XML 1.0 accepts (see the module docstring); clean text is unchanged."""
    return _INVALID.sub(_escape, text) if _INVALID.search(text) else text


def valid_optional(text: str | None) -> str | None:
    return None if text is None else valid_text(text)
