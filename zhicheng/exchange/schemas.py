"""Typed request and response bodies of /api/v1/ (descriptions in Chinese for the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

# Printable text: no control characters (a NUL byte would break the database and the logs).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def Text(max_length: int, *, min_length: int = 1):  # noqa: N802 - a type factory
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=NO_CONTROL)
    ]


def Id(*, ge: int = 1, le: int = 2_147_483_647):  # noqa: N802 - a type factory
    """A JSON integer and nothing else: ``true``, ``1.0`` and ``"1"`` are not ids (pydantic's lax
    mode reads ``true`` as 1, so a client's boolean would silently name the record with id 1)."""
    return Annotated[int, Strict(), Field(ge=ge, le=le)]


class StrictBody(BaseModel):
    """Request bodies. Plain pydantic models: ninja's ``Schema`` wraps every object in a Django
    attribute getter (for ORM instances), which costs more than the rest of a 100-holder batch's
    validation (docs/benchmarks.md); bodies are JSON, never ORM objects. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


# -- errors ----------------------------------------------------------------------------------------


class Error(Schema):
    code: str = Field(..., description="稳定的机器可读错误码，见接入说明中的错误码表", examples=["scope_missing"])
    message: str = Field(..., description="中文错误说明", examples=["该对接系统没有此操作的权限。"])
    details: dict[str, Any] | None = Field(None, description="补充信息，如出错条目的序号 index、字段 field")


# -- numbers ---------------------------------------------------------------------------------------


DocumentType = Literal["resident_id", "foreign_permanent_id", "hk_macao_permit", "taiwan_permit", "passport"]
DOCUMENT_TYPE_HELP = (
    "持证人证件类型：resident_id 居民身份证（含港澳台居民居住证，默认）/ foreign_permanent_id 外国人永久居留身份证 / "
    "hk_macao_permit 港澳居民来往内地通行证 / taiwan_permit 台湾居民来往大陆通行证 / passport 外国护照（须填 "
    "nationality）"
)


class HolderIn(StrictBody):
    document_type: DocumentType = Field("resident_id", description=DOCUMENT_TYPE_HELP)
    id_number: Text(32) = Field(
        ..., description="持证人证件号码（居民身份证为18位，末位可为X）", examples=["44010619850101003X"]
    )
    nationality: Text(3, min_length=3) | None = Field(
        None, description="国籍，ISO 3166-1 三字母代码（如 USA）；外国护照必填，其他证件可省略", examples=["USA"]
    )
    name: Text(50) = Field(..., description="持证人姓名", examples=["张三"])
    qualification: Id() | Text(50) = Field(
        ..., description="资格名称（如“工程师”）或资格编号", examples=["工程师"]
    )
    level: Id(le=5) | Text(10) | None = Field(
        None, description="级别：1正高级 2副高级 3中级 4助理级 5员级，或其中文名称；可省略（由资格名称确定）",
        examples=[3],
    )
    specialty: Text(50) | None = Field(None, description="专业名称（可选，须属于资格所在系列）", examples=["建筑工程"])
    committee: Id() | Text(100) = Field(
        ..., description="评审委员会名称或编号", examples=["广州市工程技术人才中级职称评审委员会"]
    )
    issuer: Text(18, min_length=6) = Field(
        ..., description="发证机关（人社部门）的统一社会信用代码或6位行政区划代码", examples=["440100"]
    )
    ref: Text(64) | None = Field(None, description="对接系统自己的记录编号（可选），原样返回以便对应")


EXAMPLE_HOLDER = {
    "id_number": "440106198501151010",
    "name": "陈建华",
    "qualification": "工程师",
    "level": 3,
    "specialty": "建筑工程",
    "committee": "广州市工程技术人才中级职称评审委员会",
    "issuer": "440100",
    "ref": "GZ-2026-0001",
}


class AllocateIn(StrictBody):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"holders": [EXAMPLE_HOLDER]}]})

    holders: list[HolderIn] = Field(..., min_length=1, max_length=500, description="持证人名单（1至500人）")


class AllocatedOut(BaseModel):  # built from dicts (see StrictBody)
    index: int = Field(..., description="该持证人在请求名单中的序号（从0开始）")
    ref: str | None = Field(None, description="请求中的 ref，原样返回")
    number: str = Field(..., description="分配的证书编号（18位）")
    name: str = Field(..., description="持证人姓名")
    id_number_masked: str = Field(..., description="持证人证件号码（脱敏）")
    document_type: str = Field("resident_id", description="持证人证件类型")
    qualification: str = Field(..., description="资格名称")
    level: int = Field(..., description="级别数字")
    committee: str = Field(..., description="评审委员会")
    issuer: str = Field(..., description="发证机关")


class AllocateOut(BaseModel):
    year: int = Field(..., description="编号年度")
    count: int = Field(..., description="分配的编号数量")
    items: list[AllocatedOut] = Field(..., description="按请求顺序，每名持证人一个编号")


# -- certificates ----------------------------------------------------------------------------------


class CertificateOut(Schema):
    number: str = Field(..., description="证书编号")
    status: str = Field(..., description="状态：allocated 已分配编号 / valid 有效 / voided 已作废 / replaced 已补换发")
    status_label: str = Field(..., description="状态（中文）")
    holder_name: str = Field(..., description="持证人姓名")
    holder_id_number_masked: str = Field(..., description="持证人证件号码（脱敏）")
    holder_document_type: str = Field("resident_id", description="持证人证件类型")
    qualification: str = Field(..., description="资格名称")
    series: str = Field(..., description="系列")
    specialty: str | None = Field(None, description="专业")
    level: int = Field(..., description="级别数字")
    level_label: str = Field(..., description="级别")
    committee: str | None = Field(None, description="评审委员会")
    issuer: str = Field(..., description="发证机关")
    issuer_region_code: str = Field(..., description="发证机关行政区划代码")
    issued_on: dt.date | None = Field(None, description="发证日期（已分配未发证时为空）")
    voided_at: dt.datetime | None = Field(None, description="作废时间")
    void_reason: str = Field("", description="作废原因")
    source: str = Field(..., description="来源：本系统或对接系统名称")


class ReportItem(StrictBody):
    number: Text(32) = Field(..., description="分配给本系统的证书编号")
    issued_on: dt.date = Field(..., description="发证日期（YYYY-MM-DD），年份须与编号年度一致，且不晚于今天")


class ReportIn(StrictBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"certificates": [{"number": "202644010030000018", "issued_on": "2026-06-30"}]}]
        },
    )

    certificates: list[ReportItem] = Field(..., min_length=1, max_length=500, description="已发证的证书（1至500个）")


class CertificateListOut(Schema):
    count: int = Field(..., description="证书数量")
    certificates: list[CertificateOut]


class VoidIn(StrictBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"number": "202644010030000018", "reason": "申报材料不实，撤销评审结果"}]},
    )

    number: Text(32) = Field(..., description="证书编号")
    reason: Text(200) = Field(..., description="作废原因（200字以内）")


class SearchIn(StrictBody):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"id_number": "440106198501151010"}]})

    document_type: DocumentType = Field("resident_id", description=DOCUMENT_TYPE_HELP)
    id_number: Text(32) = Field(..., description="持证人证件号码（放在请求体中，不放在网址里）")
    nationality: Text(3, min_length=3) | None = Field(None, description="国籍（外国护照必填），ISO 3166-1 三字母代码")
