"""Writes for regions and organisations."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from zhicheng.common.validators import CREDIT_CHARSET, make_credit_code

from .constants import OrgKind, RegionLevel
from .models import Organisation, Region

REGIONS_FILE = Path(settings.BASE_DIR) / "data" / "regions" / "guangdong.csv"
PROVINCE_CODE = "440000"


def synthetic_credit_code(*, prefix: str, region_code: str, name: str) -> str:
    """A valid (GB 32100 and GB 11714 check characters) but fictitious code derived from the name."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    body = "".join(CREDIT_CHARSET[b % 10] for b in digest[:8])
    return make_credit_code(prefix, region_code, body)


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> int:
    """Load the GB/T 2260 tree; idempotent (codes are keys, names updated in place)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: ({"province": 0, "city": 1, "county": 2}[r["level"]], r["code"]))
    for row in rows:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent_code"] or None},
        )
    return len(rows)


def hr_bureau_name(region: Region) -> str:
    if region.level == RegionLevel.PROVINCE:
        return "广东省人力资源和社会保障厅"
    return f"{region.full_name}人力资源和社会保障局"


@transaction.atomic
def hr_bureaus_ensure() -> int:
    """Every region has its HR bureau."""
    count = 0
    for region in Region.objects.select_related("parent"):
        name = hr_bureau_name(region)
        Organisation.objects.update_or_create(
            kind=OrgKind.HR_BUREAU,
            region=region,
            defaults={
                "name": name,
                "credit_code": synthetic_credit_code(prefix="11", region_code=region.code, name=name),
            },
        )
        count += 1
    return count


@transaction.atomic
def organisation_upsert(
    *,
    name: str,
    kind: str,
    region_code: str,
    prefix: str,
    supervising_unit: Organisation | None = None,
    **flags,
) -> Organisation:
    credit_code = synthetic_credit_code(prefix=prefix, region_code=region_code, name=name)
    org, _ = Organisation.objects.get_or_create(
        credit_code=credit_code,
        defaults={"name": name, "kind": kind, "region_id": region_code, "supervising_unit": supervising_unit, **flags},
    )
    changed = False
    for field, value in {"name": name, "kind": kind, "region_id": region_code, "supervising_unit": supervising_unit, **flags}.items():
        if getattr(org, field) != value:
            setattr(org, field, value)
            changed = True
    if changed:
        org.full_clean()
        org.save()
    return org
