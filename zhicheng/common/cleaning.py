"""Field validation for rows that services build themselves, without database round trips."""

from __future__ import annotations

from django.db import models


def clean_fields_only(instance: models.Model) -> None:
    """``full_clean()`` minus the checks that query the database.

    For rows whose related objects the service already holds (they were loaded, locked or just
    created in the same transaction): field values, choices and lengths are still validated in
    Python; foreign keys, unique and check constraints are enforced by the database itself. A full
    ``full_clean()`` of a case costs three existence queries and four constraint checks, each in a
    savepoint (docs/benchmarks.md, writes).
    """
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
