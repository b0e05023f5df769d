"""A submitted profile's frozen data has exactly the documented shape (profiles/snapshot.py)."""

from __future__ import annotations

import datetime as dt
import typing

from zhicheng.profiles.models import Achievement
from zhicheng.profiles.selectors import profile_snapshot
from zhicheng.profiles.snapshot import ProfileSnapshot


def _keys_match(value, shape, path="data"):
    """Compare ``value`` with a TypedDict (or list of one) recursively; returns the differences."""
    problems = []
    origin = typing.get_origin(shape)
    if origin is list:
        (item,) = typing.get_args(shape)
        for i, row in enumerate(value):
            problems += _keys_match(row, item, f"{path}[{i}]")
        return problems
    if typing.is_typeddict(shape):
        hints = typing.get_type_hints(shape)
        if set(value) != set(hints):
            problems.append(f"{path}: has {sorted(set(value) - set(hints))}, lacks {sorted(set(hints) - set(value))}")
        for key, hint in hints.items():
            if key in value:
                problems += _keys_match(value[key], hint, f"{path}.{key}")
    return problems


def test_the_snapshot_has_the_documented_shape(filled_profile):
    Achievement.objects.create(profile=filled_profile, kind=Achievement._meta.get_field("kind").choices[0][0],
                               title="基层医院胸痛中心建设", role="主持", date=dt.date(2020, 5, 1))
    data = profile_snapshot(profile=filled_profile)
    assert data["education"] and data["work"] and data["achievements"]
    assert _keys_match(data, ProfileSnapshot) == []
