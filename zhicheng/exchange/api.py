"""The data exchange API for external systems (对接), ``/api/v1/`` (SPEC §9).

Handlers stay thin: authenticate (``TokenAuth``), check the scope, hand over to services, audit.
Every error is JSON ``{"code", "message", "details"?}`` (see errors.py and docs/api.md).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Header, NinjaAPI, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from zhicheng.certificates.numbering import certificate_number_parse
from zhicheng.common.exceptions import ServiceError
from zhicheng.common.id_documents import validate_id_document

from . import services
from .auth import TokenAuth
from .errors import (
    IDEMPOTENCY_HEADER_NAME,
    JSON_MEDIA_TYPE,
    ApiError,
    api_error_from,
    codes_for_status,
    payload_too_large,
    unsupported_media_type,
)
from .models import ExternalSystem, Scope
from .schemas import (
    AllocateIn,
    AllocateOut,
    CertificateListOut,
    CertificateOut,
    Error,
    ReportIn,
    SearchIn,
    VoidIn,
)
from .selectors import certificate_for_system, certificates_of_person_for_system

logger = logging.getLogger(__name__)

DESCRIPTION = """
广东省职称网上申报系统与各地、各行业职称系统（对接系统）之间的数据交换接口。

* **认证**：每个请求带 `Authorization: Bearer <令牌>`；令牌由系统管理员在“对接系统管理”中签发。
* **权限范围**：`numbers:allocate` 申请证书编号；`certificates:write` 报送发证与作废；
  `certificates:read` 查询证书。只能使用授权给本系统的发证机关和评审委员会。
* **幂等**：所有写操作必须带 `Idempotency-Key` 请求头（1至200个可见ASCII字符）。
  相同的键和相同的请求体返回第一次的结果且不再改动数据；相同的键、不同的请求体返回 422 `idempotency_key_reused`。
* **错误**：一律为 JSON `{"code": "...", "message": "中文说明", "details": {...}}`，错误码见接入说明。
* **限流**：每个对接系统每分钟有请求次数上限，超出返回 429 `rate_limited` 并带 `Retry-After`。
"""

_STATUS_TEXT = {
    400: "请求格式错误或缺少 Idempotency-Key",
    401: "未认证：令牌缺失、无效、已吊销或已过期，或对接系统已停用",
    403: "无权：缺少权限范围，或发证机关、评审委员会不在授权范围内",
    404: "证书不存在或不在权限范围内",
    409: "冲突：证书状态不允许此操作，或相同幂等键的请求正在处理",
    422: "请求内容未通过校验，或幂等键已用于不同的请求",
    413: "请求体过大",
    415: "请求体不是JSON",
    429: "请求过于频繁",
}


def _responses(ok: Any, *statuses: int) -> tuple[dict[int, Any], dict[str, Any]]:
    """Response models for ninja, and the OpenAPI descriptions listing the possible error codes."""
    response: dict[int, Any] = {200: ok}
    extra: dict[int, Any] = {200: {"description": "成功"}}
    for status in (401, 429, *statuses):
        response[status] = Error
        codes = "、".join(f"`{c}`" for c in codes_for_status(status))
        extra[status] = {"description": f"{_STATUS_TEXT[status]}。错误码：{codes}"}
    if 429 in response:
        extra[429]["headers"] = {"Retry-After": {"description": "需等待的秒数", "schema": {"type": "integer"}}}
    return response, {"responses": extra}


# Required (the OpenAPI document says so); a missing or malformed key is mapped to the documented
# 400 idempotency_key_missing / idempotency_key_invalid by errors.api_validation_error.
IDEMPOTENCY_HEADER = Header(
    ..., alias=IDEMPOTENCY_HEADER_NAME, min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
    description="幂等键（写操作必填）：1至200个可见ASCII字符；同一请求重试时使用相同的值，例如一个UUID",
)


# -- the edge: what a request body may be ------------------------------------------------------------


def api_body_check(request: HttpRequest) -> None:
    """Refuse a request body the API does not read, before anything parses it.

    Raises ``ApiError``: 413 ``payload_too_large`` when the declared length is over
    ``settings.EXCHANGE_API_MAX_BODY_BYTES`` (the body is not read); 415 ``unsupported_media_type``
    when a body is sent as anything but ``application/json`` (optionally ``charset=utf-8``): a
    form, ``text/plain`` or XML body is never read as JSON.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.EXCHANGE_API_MAX_BODY_BYTES:
        raise payload_too_large()
    has_body = length > 0 or "HTTP_TRANSFER_ENCODING" in request.META
    if not has_body:
        return
    media_type = (request.content_type or "").strip().lower()
    charset = (request.content_params or {}).get("charset", "utf-8").strip().lower()
    if media_type != JSON_MEDIA_TYPE or charset not in ("utf-8", "utf8"):
        raise unsupported_media_type(request.META.get("CONTENT_TYPE", ""))


class JsonBodyParser(Parser):
    """Bodies are JSON and nothing else (415 otherwise), at most the configured size (413)."""

    def parse_body(self, request: HttpRequest):
        api_body_check(request)
        body = request.body
        if len(body) > settings.EXCHANGE_API_MAX_BODY_BYTES:  # sent without a Content-Length
            raise payload_too_large()
        try:
            return json.loads(body)
        except ValueError:
            raise ApiError("invalid_json") from None


api = NinjaAPI(
    title="广东省职称网上申报系统 数据交换接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="exchange:api",
    auth=TokenAuth(),
    parser=JsonBodyParser(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False, "tryItOutEnabled": False}),
)


# -- errors ----------------------------------------------------------------------------------------


def _audit_failure(request: HttpRequest, status: int, code: str) -> None:
    system = getattr(request, "api_system", None)
    if system is None or getattr(request, "api_audited", False):
        return
    try:
        services.api_call_audit(request=request, system=system, status=status, code=code)
    except Exception:  # noqa: BLE001 - an audit failure must not turn an answer into a 500 page
        logger.exception("could not audit an API error")


def error_response(request: HttpRequest, error: ApiError) -> HttpResponse:
    _audit_failure(request, error.status, error.code)
    response = JsonResponse(error.body(), status=error.status, json_dumps_params={"ensure_ascii": False})
    for name, value in error.headers.items():
        response[name] = value
    return response


def _to_json(request, exc: Exception):
    error = api_error_from(exc)
    if error.code == "internal_error" and not isinstance(exc, ApiError):
        logger.exception("unexpected error in the exchange API")
    return error_response(request, error)


# Every exception is mapped to the catalogue (errors.api_error_from): the services' ExchangeError (a
# ServiceError with a catalogue code) by its code; ninja's own handlers for its exceptions are replaced,
# so none of its default answers (e.g. 422 for a bad header) escapes.
for _exc in (
    ApiError, ServiceError, NinjaValidationError, AuthenticationError, HttpError, Http404, RequestDataTooBig, Exception,
):
    api.add_exception_handler(_exc, _to_json)


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404, never the HTML page."""
    return error_response(request, ApiError("not_found"))


api_not_found.csrf_exempt = True  # type: ignore[attr-defined]


def api_edge(view):
    """Wrap a ninja path view: a body the API does not read is refused before anything reads it
    (``api_body_check``: 413, 415, as JSON), and a wrong method gets a JSON 405 (with ``Allow``)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                api_body_check(request)
            except ApiError as exc:
                return error_response(request, exc)
        try:
            response = view(request, *args, **kwargs)
        except RequestDataTooBig as exc:  # read outside an operation (e.g. by a middleware)
            return error_response(request, api_error_from(exc))
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            allow = response.get("Allow", "")
            error = ApiError(
                "method_not_allowed", details={"allow": [m.strip() for m in allow.split(",") if m.strip()]}
            )
            json_response = error_response(request, error)
            json_response["Allow"] = allow
            return json_response
        return response

    return wrapped


# -- helpers ---------------------------------------------------------------------------------------


def _system(request: HttpRequest, scope: str) -> ExternalSystem:
    system: ExternalSystem = request.api_system
    if not system.has_scope(scope):
        raise ApiError(
            "scope_missing", f"该对接系统没有“{Scope(scope).label}”（{scope}）权限。", details={"scope": scope}
        )
    return system


def _payload(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        raise ApiError("invalid_json") from None


def _write(request: HttpRequest, *, system: ExternalSystem, key: str | None, change, count_of) -> Any:
    request.idempotency_key = key or ""
    endpoint = services.api_action(request)

    def run() -> tuple[int, dict]:
        body = change()
        services.api_call_audit(request=request, system=system, status=200, detail=count_of(body))
        return 200, body

    status, body, replayed = services.idempotent_write(
        system=system, key=key, endpoint=endpoint, payload=_payload(request), change=run
    )
    if replayed:
        services.api_call_audit(request=request, system=system, status=status, detail={"replayed": True})
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        response["Idempotent-Replayed"] = "true"
        return response
    return Status(status, body)


# -- numbers ---------------------------------------------------------------------------------------

_r, _x = _responses(AllocateOut, 400, 403, 409, 413, 415, 422)


@api.post(
    "/numbers/allocate", response=_r, openapi_extra=_x, url_name="numbers.allocate", tags=["证书编号"],
    summary="申请证书编号",
    description=(
        "为一批持证人分配证书编号，每人一个，按请求顺序返回并与持证人对应。编号与本系统发证使用同一计数器，"
        "全省不重号、不跳号。整批要么全部成功，要么全部不分配（任一条目出错时返回该条目的序号 index）。"
        "需要 `numbers:allocate` 权限；发证机关和评审委员会须在授权范围内。分配后的编号在报送发证前不能公开查询。"
    ),
)
def numbers_allocate(request, payload: AllocateIn, idempotency_key: str = IDEMPOTENCY_HEADER):
    system = _system(request, Scope.NUMBERS_ALLOCATE)
    return _write(
        request,
        system=system,
        key=idempotency_key,
        change=lambda: services.numbers_allocate(system=system, holders=payload.holders),
        count_of=lambda body: {
            "count": body["count"],
            "numbers": services.numbers_label(i["number"] for i in body["items"]),
        },
    )


# -- certificates ----------------------------------------------------------------------------------

_r, _x = _responses(CertificateListOut, 400, 403, 404, 409, 413, 415, 422)


@api.post(
    "/certificates/report", response=_r, openapi_extra=_x, url_name="certificates.report", tags=["证书"],
    summary="报送已发证书",
    description=(
        "报送本系统已颁发的证书（使用分配给本系统的编号和发证日期）。报送后证书状态变为“有效”，"
        "可在公开的证书查询页面查到。整批要么全部成功，要么全部不变。需要 `certificates:write` 权限。"
    ),
)
def certificates_report(request, payload: ReportIn, idempotency_key: str = IDEMPOTENCY_HEADER):
    system = _system(request, Scope.CERTIFICATES_WRITE)
    return _write(
        request, system=system, key=idempotency_key,
        change=lambda: services.certificates_report(system=system, items=payload.certificates),
        count_of=lambda body: {"count": body["count"],
                               "numbers": services.numbers_label(c["number"] for c in body["certificates"])},
    )


_r, _x = _responses(CertificateOut, 400, 403, 404, 409, 413, 415, 422)


@api.post(
    "/certificates/void", response=_r, openapi_extra=_x, url_name="certificates.void", tags=["证书"],
    summary="作废证书或编号",
    description=(
        "作废分配给本系统的编号（未发证或已发证均可）。作废后编号保留、永不再用，证书查询显示“已作废”。"
        "需要 `certificates:write` 权限。"
    ),
)
def certificates_void(request, payload: VoidIn, idempotency_key: str = IDEMPOTENCY_HEADER):
    system = _system(request, Scope.CERTIFICATES_WRITE)
    return _write(
        request,
        system=system,
        key=idempotency_key,
        change=lambda: services.certificate_void_for_system(
            system=system, number=payload.number, reason=payload.reason
        ),
        count_of=lambda body: {"count": 1, "numbers": services.numbers_label([body["number"]])},
    )


_r, _x = _responses(CertificateListOut, 400, 403, 413, 415, 422)


@api.post(
    "/certificates/search", response=_r, openapi_extra=_x, url_name="certificates.search", tags=["证书"],
    summary="按身份证号码查询某人的证书",
    description=(
        "列出某人在本系统权限范围内（授权的发证机关或评审委员会）的全部证书。身份证号码放在请求体中，"
        "不放在网址里；返回的身份证号码已脱敏。需要 `certificates:read` 权限。只读，不需要幂等键。"
    ),
)
def certificates_search(request, payload: SearchIn):
    system = _system(request, Scope.CERTIFICATES_READ)
    try:
        document = validate_id_document(payload.document_type, payload.id_number, nationality=payload.nationality or "")
    except Exception as exc:  # noqa: BLE001 - Django's ValidationError
        field = "nationality" if getattr(exc, "code", "") == "nationality" else "id_number"
        raise ApiError("invalid_nationality" if field == "nationality" else "invalid_id_number",
                       getattr(exc, "messages", ["证件号码不正确。"])[0], details={"field": field}) from None
    certificates = list(
        certificates_of_person_for_system(
            system=system,
            id_number=document.number,
            document_type=document.document_type,
            nationality=document.nationality,
        )
    )
    services.api_call_audit(request=request, system=system, status=200, detail={"count": len(certificates)})
    return Status(
        200, {"count": len(certificates), "certificates": [services.certificate_out(c) for c in certificates]}
    )


_r, _x = _responses(CertificateOut, 403, 404, 422)


@api.get(
    "/certificates/{number}", response=_r, openapi_extra=_x, url_name="certificates.get", tags=["证书"],
    summary="按证书编号查询证书",
    description=(
        "读取一本证书。只能读取本系统权限范围内（授权的发证机关或评审委员会）的证书，其他编号一律返回 404。"
        "需要 `certificates:read` 权限。"
    ),
)
def certificate_get(request, number: str):
    system = _system(request, Scope.CERTIFICATES_READ)
    try:
        number = certificate_number_parse(number).number
    except Exception as exc:  # noqa: BLE001 - Django's ValidationError
        raise ApiError("invalid_certificate_number", getattr(exc, "messages", [""])[0] or None,
                       details={"field": "number"}) from None
    certificate = certificate_for_system(system=system, number=number)
    if certificate is None:
        raise ApiError("certificate_not_found")
    services.api_call_audit(request=request, system=system, status=200, detail={"count": 1})
    return Status(200, services.certificate_out(certificate))

