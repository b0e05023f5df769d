"""Two (or more) people doing the same thing at the same moment, each in their own thread and database
connection (PostgreSQL): the concurrency tests of cases, businesses and committees use it to check that
exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connections


def race(actors: Iterable, action: Callable, *, refused: type[Exception] | tuple[type[Exception], ...],
         label: str = "refused") -> list[str]:
    """Run ``action(actor)`` for every actor at once (a barrier releases the threads together; each closes
    its connections when done). Returns one outcome per actor, in finishing order: ``"won"``, or
    ``"{label}:{message}"`` where ``action`` raised one of ``refused`` (anything else fails the thread and
    leaves no outcome)."""
    actors = list(actors)
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(actor):
        try:
            barrier.wait(timeout=10)
            action(actor)
            result = "won"
        except refused as exc:
            result = f"{label}:{exc.message}"
        finally:
            connections.close_all()  # each thread has its own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes
