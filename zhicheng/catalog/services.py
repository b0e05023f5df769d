"""Writes for the title catalogue and committees."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Qualification, Series, Specialty

CATALOG_FILE = Path(settings.BASE_DIR) / "data" / "catalog" / "titles.json"


@transaction.atomic
def catalog_load(*, path: Path = CATALOG_FILE) -> dict[str, int]:
    """Load series, specialties and qualifications; idempotent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"series": 0, "specialties": 0, "qualifications": 0}
    for item in data["series"]:
        series, _ = Series.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "sort": item["sort"]}
        )
        counts["series"] += 1
        for spec in item["specialties"]:
            Specialty.objects.update_or_create(
                series=series, name=spec["name"], defaults={"track": spec.get("track", "")}
            )
            counts["specialties"] += 1
        for qual in item["qualifications"]:
            Qualification.objects.update_or_create(
                series=series, level=qual["level"], track=qual.get("track", ""), defaults={"name": qual["name"]}
            )
            counts["qualifications"] += 1
    return counts
