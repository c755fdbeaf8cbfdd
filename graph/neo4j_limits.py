"""Bounds on every Neo4j call: a deadline (a frozen server ends the command) and URIs shown without
their password. Used by ``neo4j_writer`` (writes) and ``queries.runner`` (reads)."""
from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["DEFAULT_TIMEOUT_SECONDS", "Timeout", "alarm", "redact_uri", "uri_password"]

#: The longest one call to the server may take (a batch, a query), answer included: a server that is
#: frozen (SIGSTOP, a full GC, a dead network path) ends the command instead of hanging it.
DEFAULT_TIMEOUT_SECONDS = 120.0


class Timeout(BaseException):  # BaseException: the driver's own ``except Exception`` must not swallow it
    pass


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise ``Timeout`` in this thread after ``seconds``, and again every half second until the block
    is left: the driver's clean-up after the first (rollback, reset) blocks on a frozen server too. The
    main thread only (the CLI's); elsewhere, and inside another alarm, the driver's own timeouts apply."""
    usable = (seconds > 0 and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return
    armed = [True]

    def fire(signum: int, frame: object) -> None:
        if armed[0]:
            raise Timeout

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def redact_uri(uri: str) -> str:
    """``uri`` with any password in it replaced: ``bolt://neo4j:secret@host`` -> ``bolt://neo4j:***@host``."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", r"\1:***@", uri)


def uri_password(uri: str) -> str | None:
    m = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/@:]*:([^/@]*)@", uri)
    return m.group(1) if m and m.group(1) else None
