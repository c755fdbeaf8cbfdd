"""Turn the bytes of an input into clean text: decoding and encoding repair.

``decode_bytes`` chooses the encoding of a file (BOMs, then UTF-8, then
cp1252) and refuses binary data. ``repair_text`` undoes mojibake: ftfy for the
common cases (UTF-8 read as cp1252 or Latin-1) and, first, a round trip through
the DOS/Central European code pages that ftfy does not try, because the seed
article reads ``Fran├žois`` (UTF-8 read as code page 852) for ``François``.

>>> repair_text("Fran├žois Hollande")
'François Hollande'
>>> repair_text("Dvořák, těžký, Erdoğan")
'Dvořák, těžký, Erdoğan'
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

import ftfy

__all__ = ["decode_bytes", "repair_text"]

# UTF-8 read with one of these code pages is undone, in this order of preference.
CODEPAGES = ("cp852", "cp437", "cp850", "cp1250", "cp1252")

# ftfy's defaults, except where they would rewrite text that is not broken:
# curly quotes and full-width characters are legitimate, and a literal "&amp;"
# in plain text is content (HTML inputs are unescaped by their own parsers).
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_character_width=False, explain=False
)

# Characters that mark a code-page mojibake run: box drawing, blocks, shades,
# and the symbols and spacing diacritics of the code pages' upper halves.
_MARKER_CATEGORIES = frozenset({"So", "Sm", "Sk", "Sc", "No", "Co", "Cf"})
# What a repaired sequence may decode to when the run carried no marker: the
# punctuation that English news is full of (curly quotes, dashes, ellipsis, bullets,
# euro sign, trade mark). "ÔÇö" (an em dash read as cp852) has no marker.
_PUNCTUATION_BLOCKS = ((0x2010, 0x205F), (0x20A0, 0x20CF), (0x2100, 0x214F))
_BAD_RESULT_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# Latin Extended-B, IPA and spacing modifiers: what UTF-8 read with the *wrong* code
# page decodes to ("Ã©" is cp1252 mojibake, but as cp850 it decodes to "Ǹ").
_IMPLAUSIBLE = (0x0180, 0x02FF)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MAX_PASSES = 4  # layers of mojibake undone at most

# How much of a file the binary check looks at, and what it tolerates.
_SNIFF = 8192
_MAX_CONTROL_RATIO = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x0b\x1b")


def repair_text(text: str) -> str:
    """Return ``text`` with encoding damage repaired; clean text comes back unchanged.

    Line endings become ``\\n``; NULs and other control characters except ``\\n``
    and ``\\t`` go; the result is NFC. Blank lines (paragraph boundaries) are kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # controls go first: removing one later could join two halves of a mojibake sequence
    text = _CONTROL.sub("", text)
    # text garbled twice (UTF-8 read as cp1252, saved, read again) loses one layer per pass:
    # repeat until nothing changes, so that repairing repaired text changes nothing
    for _ in range(_MAX_PASSES):
        fixed = _repair_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _repair_once(text: str) -> str:
    if not text.isascii():
        for codepage in CODEPAGES:
            text = _undo_codepage(text, codepage)
        text = ftfy.fix_text(text, _FTFY)
    return unicodedata.normalize("NFC", text)


def _undo_codepage(text: str, codepage: str) -> str:
    pattern, charmap = _utf8_in_codepage(codepage)

    def fix(match: re.Match[str]) -> str:
        seq = match.group(0)
        try:
            decoded = seq.encode(codepage).decode("utf-8")
        except UnicodeError:
            return seq
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return decoded if _is_improvement(seq, decoded, before, after) else seq

    if not any(c in charmap for c in text):
        return text
    return pattern.sub(fix, text)


def _is_improvement(seq: str, decoded: str, before: str, after: str) -> bool:
    """Accept a decoded UTF-8 sequence only when it is clearly better than what it replaces.

    Clean Czech ``ěž`` is also valid UTF-8 read as cp852 (it decodes to an Arabic
    letter), so "decodes cleanly" alone would corrupt clean text. The sequence must
    also look broken: it holds a mojibake marker (``├`` in ``├ž``); or three characters
    that never meet in real text decode to common punctuation (``ÔÇö``); or two
    decode to a Latin letter where a capital sits inside a lower-case word
    (``ErdoÄŸan``, ``SĂŁo``), which ftfy leaves alone.
    """
    first, last = _IMPLAUSIBLE
    if any(unicodedata.category(c) in _BAD_RESULT_CATEGORIES or first <= ord(c) <= last for c in decoded):
        return False
    markers = sum(map(_is_marker, seq))
    if markers:  # a symbol such as "©" or "€" is a fine result; box drawing is not
        return sum(0x2500 <= ord(c) <= 0x259F for c in decoded) < markers
    if all(any(lo <= ord(c) <= hi for lo, hi in _PUNCTUATION_BLOCKS) for c in decoded):
        return True
    if len(seq) == 2 and decoded.isalpha() and 0xC0 <= ord(decoded) <= 0x17F:
        mid_word_capital = before.islower() and seq[0].isupper()
        capitals_before_lower = seq.isupper() and after.islower()
        return mid_word_capital or capitals_before_lower
    return False


def _is_marker(char: str) -> bool:
    return 0x2500 <= ord(char) <= 0x25FF or unicodedata.category(char) in _MARKER_CATEGORIES


@cache
def _utf8_in_codepage(codepage: str) -> tuple[re.Pattern[str], frozenset[str]]:
    """A regex matching a UTF-8 byte sequence as it looks when decoded with ``codepage``."""

    def chars(lo: int, hi: int) -> str:
        out = []
        for b in range(lo, hi + 1):
            try:
                out.append(bytes([b]).decode(codepage))
            except UnicodeDecodeError:  # cp1252 leaves a few bytes undefined
                continue
        return "[" + re.escape("".join(out)) + "]"

    cont = chars(0x80, 0xBF)
    pattern = re.compile(
        f"{chars(0xC2, 0xDF)}{cont}|{chars(0xE0, 0xEF)}{cont}{{2}}|{chars(0xF0, 0xF4)}{cont}{{3}}"
    )
    upper = []
    for b in range(0xC2, 0xF5):
        try:
            upper.append(bytes([b]).decode(codepage))
        except UnicodeDecodeError:
            continue
    return pattern, frozenset(upper)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text file; raise ``ValueError("binary file ...")`` for binary data.

    Order: a BOM (UTF-32 before UTF-16, whose BOM is a prefix of it), BOM-less UTF-16
    recognised by its NUL pattern, UTF-8, and cp1252 with replacement characters as the
    last resort (there is no charset detector among the dependencies).

    >>> decode_bytes("Fran\\u00e7ois".encode("utf-16"))
    'François'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ValueError(f"binary file (invalid {encoding} after its byte-order mark)") from exc
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    data = data.rstrip(b"\x00")  # NUL padding at the end of a file is harmless
    head = data[:_SNIFF]
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes)")
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        raise ValueError(f"binary file ({controls} control bytes in the first {len(head)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL, as in mostly-ASCII UTF-16."""
    head = data[:_SNIFF]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None
