"""Child process of the PostgreSQL concurrency test: issues certificates against the test database.

Imported by the child before Django is set up, so nothing Django is imported at module level.
"""

from __future__ import annotations

import os


class Deliberate(Exception):
    pass


def run(database_url: str, plan: dict, seed: int, queue) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import datetime as dt
    import random

    from django.db import OperationalError, connection, transaction

    from zhicheng.accounts.models import User
    from zhicheng.catalog.models import Qualification, Specialty
    from zhicheng.certificates.services import certificate_issue
    from zhicheng.orgs.models import Organisation

    rng = random.Random(seed)
    holder = User.objects.get(pk=plan["holder_id"])
    specialty = Specialty.objects.get(pk=plan["specialty_id"])
    sequences = [
        (Organisation.objects.get(pk=issuer_id), Qualification.objects.get(pk=qualification_id))
        for issuer_id, qualification_id in plan["sequences"]
    ]
    committed: dict[str, int] = {}
    rolled_back = 0
    errors: list[str] = []
    for i in range(plan["issues"]):
        issuer, qualification = sequences[rng.randrange(len(sequences))]
        doomed = rng.random() < plan["rollback_share"]
        try:
            with transaction.atomic():
                certificate_issue(
                    holder=holder, qualification=qualification, specialty=specialty, committee=None,
                    issuer=issuer, issued_on=dt.date(plan["year"], 5, 1), actor=None, case_id=seed * 10_000 + i,
                )
                if doomed:
                    raise Deliberate
        except Deliberate:
            rolled_back += 1
            continue
        except OperationalError as exc:  # would be a bug (e.g. a deadlock): report it
            errors.append(repr(exc))
            continue
        key = f"{issuer.pk}:{qualification.level}"
        committed[key] = committed.get(key, 0) + 1
    connection.close()
    queue.put({"committed": committed, "rolled_back": rolled_back, "errors": errors})
