"""API errors: always JSON ``{"code", "message", "details"?}`` with a stable code and a Chinese message.

Every code the API can answer with is listed in ``ERROR_CODES`` (and in docs/api.md), and every
exception that reaches the API's edge is turned into one of them by :func:`api_error_from`: the
handlers in api.py render what it returns and nothing else, so no framework default (ninja's 422
for a bad header, Django's 400 or 500 for a body that is too large) reaches a client.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from zhicheng.common.exceptions import ServiceError

#: The only media type of request bodies (with or without ``; charset=utf-8``).
JSON_MEDIA_TYPE = "application/json"
#: The request header that makes a write idempotent, as it is named in requests and in errors.
IDEMPOTENCY_HEADER_NAME = "Idempotency-Key"

# code → (HTTP status, default message)
ERROR_CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "请求格式不正确。"),
    "invalid_json": (400, "请求体不是有效的JSON。"),
    "idempotency_key_missing": (400, "写操作必须提供 Idempotency-Key 请求头。"),
    "idempotency_key_invalid": (400, "Idempotency-Key 应为1至200个可见ASCII字符。"),
    "token_missing": (401, "缺少访问令牌，请在 Authorization 请求头中提供 Bearer 令牌。"),
    "token_invalid": (401, "访问令牌无效。"),
    "token_revoked": (401, "访问令牌已被吊销。"),
    "token_expired": (401, "访问令牌已过期。"),
    "system_inactive": (401, "对接系统已停用。"),
    "system_expired": (401, "对接系统的接入有效期已过。"),
    "scope_missing": (403, "该对接系统没有此操作的权限。"),
    "issuer_not_allowed": (403, "该对接系统无权使用此发证机关。"),
    "committee_not_allowed": (403, "该对接系统无权使用此评审委员会。"),
    "not_found": (404, "请求的接口不存在。"),
    "certificate_not_found": (404, "证书不存在，或不在该对接系统的权限范围内。"),
    "method_not_allowed": (405, "该接口不支持此请求方法。"),
    "payload_too_large": (413, "请求体过大。"),
    "unsupported_media_type": (415, "请求体必须是JSON，请求头应为 Content-Type: application/json。"),
    "idempotency_conflict": (409, "相同 Idempotency-Key 的请求正在处理，请稍后重试。"),
    "certificate_already_reported": (409, "该证书编号已报送发证，不能重复报送。"),
    "certificate_not_voidable": (409, "该证书当前状态不能作废。"),
    "validation_error": (422, "请求内容未通过校验。"),
    "invalid_id_number": (422, "身份证号码不正确。"),
    "invalid_name": (422, "姓名不符合证件姓名的规则。"),
    "invalid_nationality": (422, "国籍不正确：外国护照须填写有效的 ISO 3166-1 三字母国籍代码。"),
    "invalid_certificate_number": (422, "证书编号格式不正确。"),
    "unknown_qualification": (422, "资格名称不存在。"),
    "ambiguous_qualification": (422, "资格名称对应多个资格，请改用资格编号。"),
    "level_mismatch": (422, "级别与资格名称不符。"),
    "unknown_specialty": (422, "专业不存在或不属于该资格所在系列。"),
    "unknown_committee": (422, "评审委员会不存在。"),
    "unknown_issuer": (422, "发证机关不存在，请填写人社部门的统一社会信用代码或行政区划代码。"),
    "award_invalid": (422, "资格、专业与评审委员会不匹配。"),
    "issued_on_invalid": (422, "发证日期不正确。"),
    "duplicate_item": (422, "同一请求中出现重复的条目。"),
    "idempotency_key_reused": (422, "该 Idempotency-Key 已用于内容不同的请求。"),
    "serials_exhausted": (422, "证书流水号已用尽。"),
    "rate_limited": (429, "请求过于频繁，请稍后再试。"),
    "internal_error": (500, "系统暂时无法完成请求，请稍后再试。"),
}


class ApiError(Exception):
    """Raised anywhere under the API; rendered by the API's exception handler."""

    def __init__(
        self, code: str, message: str | None = None, *, details: dict[str, Any] | None = None,
        status: int | None = None, headers: dict[str, str] | None = None,
    ) -> None:
        default_status, default_message = ERROR_CODES[code]
        self.code = code
        self.status = status or default_status
        self.message = message or default_message
        self.details = details
        self.headers = headers or {}
        super().__init__(f"{self.status} {code}: {self.message}")

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


def codes_for_status(status: int) -> list[str]:
    return [code for code, (s, _) in ERROR_CODES.items() if s == status]


# -- mapping at the edge ---------------------------------------------------------------------------

_VALIDATION_TEXT = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_too_short": "内容过短或为空",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "含有不允许的字符",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "list_type": "应为数组",
    "too_short": "数量过少",
    "too_long": "数量过多",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "model_attributes_type": "应为对象",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
}


def _field_path(loc: list[Any]) -> tuple[str, int | None]:
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body", the handler's parameter name
    elif parts and parts[0] in ("header", "query", "path"):
        parts = parts[1:]
        if parts in (["idempotency_key"], [IDEMPOTENCY_HEADER_NAME]):
            parts = [IDEMPOTENCY_HEADER_NAME]
    path = ""
    index = None
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
            if index is None:
                index = part
        elif str(part) in ("int", "str", "bool", "float") or str(part).startswith(("constrained", "function")):
            continue  # pydantic's union-branch markers
        else:
            path += f".{part}" if path else str(part)
    return path, index


def api_validation_error(exc: NinjaValidationError) -> ApiError:
    """A request that failed its schema. The ``Idempotency-Key`` header is checked first: a missing
    one is ``idempotency_key_missing``, a malformed one ``idempotency_key_invalid`` (400, as
    documented), whatever else is wrong with the body; the rest is ``validation_error`` (422) with
    every field listed."""
    errors = []
    seen = set()
    first_index = None
    for error in exc.errors:
        field, index = _field_path(error.get("loc", []))
        if field == IDEMPOTENCY_HEADER_NAME:
            return ApiError("idempotency_key_missing" if error.get("type") == "missing" else "idempotency_key_invalid")
        text = _VALIDATION_TEXT.get(error.get("type", ""), "格式不正确")
        if (field, text) in seen:
            continue
        seen.add((field, text))
        if first_index is None and index is not None:
            first_index = index
        errors.append({"field": field, "index": index, "type": error.get("type", ""), "message": text})
    summary = "；".join(f"{e['field'] or '请求体'}：{e['message']}" for e in errors[:5])
    details: dict[str, Any] = {"errors": errors}
    if first_index is not None:
        details["index"] = first_index
    return ApiError("validation_error", f"请求内容未通过校验：{summary}", details=details)


def payload_too_large() -> ApiError:
    limit = settings.EXCHANGE_API_MAX_BODY_BYTES
    return ApiError("payload_too_large", f"请求体过大：不能超过 {limit // 1024} KB，请分批提交（每批至多500条）。",
                    details={"limit_bytes": limit})


def unsupported_media_type(content_type: str) -> ApiError:
    return ApiError("unsupported_media_type", details={"expected": JSON_MEDIA_TYPE, "received": content_type[:100]})


def api_error_from(exc: BaseException) -> ApiError:
    """The catalogue entry for any exception raised while answering an API request.

    * ``ApiError``: itself; a service's ``ExchangeError`` (or any ``ServiceError`` carrying a catalogue
      ``code``): its code, message and details, at the catalogue's status; one raised while ninja
      parsed the body (ninja wraps it in a 400 ``HttpError``) is unwrapped;
    * a schema failure: :func:`api_validation_error`;
    * Django's ``RequestDataTooBig`` (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``): 413
      ``payload_too_large``, never a 500;
    * no credentials: ``token_missing``; an unknown path: ``not_found``;
    * any other ``HttpError`` by its status; anything else: 500 ``internal_error``.
    """
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ServiceError) and getattr(exc, "code", None) in ERROR_CODES:
        return ApiError(exc.code, exc.message, details=getattr(exc, "details", None))
    if isinstance(exc, HttpError) and isinstance(exc.__cause__, ApiError | RequestDataTooBig):
        return api_error_from(exc.__cause__)
    if isinstance(exc, NinjaValidationError):
        return api_validation_error(exc)
    if isinstance(exc, RequestDataTooBig):
        return payload_too_large()
    if isinstance(exc, AuthenticationError):
        return ApiError("token_missing")
    if isinstance(exc, Http404):
        return ApiError("not_found")
    if isinstance(exc, HttpError):
        if exc.status_code == 400:
            return ApiError("invalid_json")
        codes = codes_for_status(exc.status_code)
        if codes:
            return ApiError(codes[0])
        return ApiError("bad_request")
    return ApiError("internal_error")
