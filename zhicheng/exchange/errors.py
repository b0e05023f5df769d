"""API errors: always JSON ``{"code", "message", "details"?}`` with a stable code and a Chinese message.

Every code the API can answer with is listed in ``ERROR_CODES`` (and in docs/api.md).
"""

from __future__ import annotations

from typing import Any

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
    "idempotency_conflict": (409, "相同 Idempotency-Key 的请求正在处理，请稍后重试。"),
    "certificate_already_reported": (409, "该证书编号已报送发证，不能重复报送。"),
    "certificate_not_voidable": (409, "该证书当前状态不能作废。"),
    "validation_error": (422, "请求内容未通过校验。"),
    "invalid_id_number": (422, "身份证号码不正确。"),
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
