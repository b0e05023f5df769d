"""The apps' factories build an object in a given state through the services, one trait per state
(decision 0036): ``ProfileFactory(stored=True)``, ``EvaluationApplicationFactory(accepted=True)``,
``EvaluationResultFactory(confirmed=True)``. The traits are made here, once."""

from __future__ import annotations

import factory


def state_traits(*states: str) -> type:
    """A factory_boy ``Params`` class with one trait per state of ``states``, named after it:
    ``Factory(stored=True)`` is ``Factory(state="stored")``. The factory declares ``state`` (its default)."""
    return type("Params", (), {state: factory.Trait(state=state) for state in states})
