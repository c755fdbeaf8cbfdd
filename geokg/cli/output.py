"""What the shell prints: every user-visible string (paths, reasons, names, sentences, parameters) reaches
Rich as plain text, so ``[bold]`` or ``[/]`` in a file name or an article is printed as written.

``plain`` escapes a value for an f-string that also holds markup; ``cells`` makes table cells that Rich
never parses. Messages from the library (``UserError``) hold user strings too: print them with ``plain``.
"""
from __future__ import annotations

from rich.markup import escape
from rich.text import Text

__all__ = ["cells", "plain"]


def plain(value: object) -> str:
    """``value`` as text that Rich markup prints literally."""
    return escape(str(value))


def cells(*values: object) -> list[Text]:
    """Table cells of ``values`` (None as empty), never parsed as markup."""
    return [v if isinstance(v, Text) else Text("" if v is None else str(v)) for v in values]
