"""Resolve an actor the way a user types it ("Russia", "RUS", "Putin", "vladimir putin") to its key.

>>> known = {"RUS": ["Russia"], "vladimir-putin": ["Vladimir Putin"], "TUR": ["Turkey"]}
>>> resolve_actor("rus", known), resolve_actor("Putin", known), resolve_actor("vladimir putin", known)
('RUS', 'vladimir-putin', 'vladimir-putin')
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from geokg.ingest.models import slug
from geokg.settings import UserError


def _norm(text: str) -> str:
    # the slug folds case, accents and punctuation: "François  Hollande" == "francois-hollande"
    return slug(text)


def _unique(matches: set[str], name: str, known: Mapping[str, Iterable[str]]) -> str | None:
    if len(matches) == 1:
        return next(iter(matches))
    if len(matches) > 1:
        listed = ", ".join(f"{k} ({_label(k, known)})" for k in sorted(matches))
        raise UserError(f"actor {name!r} is ambiguous: {listed}. Give the key, e.g. {min(matches)}")
    return None


def _label(key: str, known: Mapping[str, Iterable[str]]) -> str:
    names = list(known.get(key) or ())
    return names[0] if names else key


def resolve_actor(name: str, known: Mapping[str, Iterable[str]]) -> str:
    """The key in ``known`` (key -> names) that ``name`` means.

    Tried in turn, each only when it gives exactly one actor: the key itself (any case),
    a full name (case, accents and punctuation ignored), the slug of the name as a key
    ("vladimir putin" -> vladimir-putin), then one word of a multi-word name ("Putin").
    An unknown name raises a ``UserError`` with the closest known names.
    """
    text = name.strip()
    if not text:
        raise UserError("an actor parameter is empty: give a name or key, e.g. Russia or RUS")
    if text in known:
        return text
    folded = _norm(text)
    one_word = "-" not in folded  # "Putin" may be one word of "Vladimir Putin"
    tries = [
        {k for k in known if k.casefold() == text.casefold()},
        {k for k, names in known.items() if any(_norm(n) == folded for n in names)},
        {k for k in known if _norm(k) == folded},
        {k for k, names in known.items() if one_word and any(folded in _norm(n).split("-") for n in names)},
    ]
    for matches in tries:
        found = _unique(matches, text, known)
        if found is not None:
            return found
    # "did you mean": the closest names and keys, shown as the user would type them
    choices: dict[str, str] = {}
    for key, names in known.items():
        choices[_norm(key)] = key
        for n in names:
            choices.setdefault(_norm(n), n)
    close = difflib.get_close_matches(folded, list(choices), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(choices[c]) for c in close)}?" if close else ""
    raise UserError(f"no actor {name!r} in the graph.{hint} "
                    "See `geokg query run actors` for the actors it holds.")
