"""The documented shape of ``ProfileVersion.data`` (issue 15: three apps read it, nothing said what it holds).

``profiles.selectors.profile_snapshot`` writes it when a profile is submitted; the 评审表 and 一览表
(documents), the reviewer's record (businesses, cases) and the committee's pages (evaluation) read
it. Every value is a string, number, bool or None (JSON); dates are ISO 8601 strings or "" when
empty; ``*_display``-style labels are stored beside the codes they describe so that a stored
version reads the same after a label changes. Fields are added, never renamed: stored versions
are immutable and old ones must still read.
"""

from __future__ import annotations

from typing import TypedDict


class Identity(TypedDict):
    name: str
    id_number_masked: str
    id_document: str  # label of the identity document type, e.g. 居民身份证
    nationality: str
    gender: str
    birth_date: str
    ethnicity: str
    political_status: str


class Unit(TypedDict):
    id: int | None
    name: str
    region: str  # full name of the region, e.g. 广东省河源市龙川县
    supervising_unit: str


class Title(TypedDict):
    series: str
    qualification: str
    level: str
    obtained_on: str
    certificate_number: str
    position: str  # 现任职务


class Education(TypedDict):
    id: int
    school: str
    major: str
    education: str
    education_value: str
    degree: str
    start_date: str
    end_date: str
    certificate_number: str


class Work(TypedDict):
    id: int
    unit_name: str
    post: str
    start_date: str
    end_date: str


class Achievement(TypedDict):
    id: int
    kind: str
    kind_label: str
    title: str
    date: str
    role: str
    description: str


class ContinuingEducation(TypedDict):
    id: int
    year: int
    hours: int
    content: str


class Appraisal(TypedDict):
    id: int
    year: int
    result: str


class Attachment(TypedDict):
    id: int
    kind: str
    name: str
    size: int
    sha256: str


class ProfileSnapshot(TypedDict):
    """``ProfileVersion.data``."""

    identity: Identity
    unit: Unit
    title: Title
    education: list[Education]
    work: list[Work]
    achievements: list[Achievement]
    continuing_education: list[ContinuingEducation]
    appraisals: list[Appraisal]
    attachments: list[Attachment]
