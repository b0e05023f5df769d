"""Audit action codes of this app, and Chinese labels for the actions known to the viewer."""

from __future__ import annotations

VIEWED = "audit.viewed"
EXPORTED = "audit.exported"
CHAIN_VERIFIED = "audit.chain_verified"
CHAIN_RESEALED = "audit.chain_resealed"  # written once, by migration audit/0003
ACCESS_DENIED = "audit.access_denied"

# Actions written by the services of the project. An action missing here is shown by its code.
ACTION_LABELS: dict[str, str] = {
    # audit
    VIEWED: "查看审计日志",
    EXPORTED: "导出审计日志",
    CHAIN_VERIFIED: "校验审计日志哈希链",
    CHAIN_RESEALED: "审计日志加密钥重新签名（系统升级）",
    ACCESS_DENIED: "无权访问审计日志",
    # accounts
    "account.register": "注册账号",
    "account.login": "登录",
    "account.login_failed": "登录失败",
    "account.locked_out": "账号被锁定",
    "account.logout": "退出登录",
    "account.password_change": "修改密码",
    "account.recovery_code_requested": "申请找回账号验证码",
    "account.recovery_code_sent": "发送找回账号验证码",
    "account.recovery_completed": "找回账号",
    "account.window_lookup": "窗口查询账号",
    "account.window_recovery": "窗口找回账号",
    "account.admin_duty_change": "变更管理员职责",
    "account.contact_change_code_sent": "发送更换联系方式验证码",
    "account.contact_change_denied": "更换联系方式被拒绝（密码错误）",
    "account.contact_change_failed": "更换联系方式验证码错误",
    "account.phone_change": "更换手机号码",
    "account.email_change": "更换电子邮箱",
    "account.document_linked": "窗口关联证件",
    "stats.exported": "导出统计",
    "account.2fa_enrolment_started": "开始绑定双因素认证",
    "account.2fa_enrolled": "绑定双因素认证",
    "account.2fa_enrol_failed": "绑定双因素认证失败",
    "account.2fa_verified": "双因素认证通过",
    "account.2fa_failed": "双因素认证失败",
    "account.2fa_locked": "双因素认证被锁定",
    "account.2fa_reset": "重置双因素认证",
    "account.2fa_disabled": "停用双因素认证",
    "membership.grant": "授予单位角色",
    "membership.revoke": "撤销单位角色",
    "membership.invite": "邀请担任单位角色",
    "membership.accept": "接受单位角色邀请",
    "membership.decline": "拒绝单位角色邀请",
    "membership.ends_on": "设置单位角色截止日期",
    "membership.expire": "单位角色到期终止",
    "unit_registration.save": "保存单位注册申请",
    "unit_registration.letter_download": "下载单位授权委托书",
    "organisation.register": "单位注册通过",
    "organisation.create": "设立人才市场/非公申报点",
    "organisation.rename": "单位更名",
    "organisation.move": "变更主管单位",
    "organisation.merge": "单位合并",
    "organisation.deactivate": "单位停用",
    "organisation.unattended": "无人审核提示",
    # profiles
    "profile.create": "创建个人基本信息",
    "profile.save": "保存个人基本信息",
    "profile.choose_unit": "选择人事管理单位",
    "profile.row_add": "添加个人信息条目",
    "profile.row_delete": "删除个人信息条目",
    "profile.attachment_upload": "上传附件",
    "profile.attachment_view": "查看附件",
    "profile.store": "个人基本信息入库",
    # cases (the decisions of zhicheng.cases.constants.Decision)
    "case.create": "创建业务",
    "case.save": "保存业务",
    "case.submit": "提交业务",
    "case.withdraw": "撤回业务",
    "case.approve": "审核通过",
    "case.return": "审核不通过（退回）",
    "case.accept": "受理",
    "case.refuse": "不予受理",
    "case.grant": "决定通过（认定通过、同意补发、确认）",
    "case.deny": "决定不予通过（不予认定、不予补发、不予确认）",
    "case.lapse": "逾期未补正办结",
    "case.view_record": "查看申报人完整信息",
    "case.file_view": "查看申报附件",
    # catalog
    "plan.create": "创建评审计划",
    "plan.update": "修改评审计划",
    "plan.publish": "发布评审计划",
    "plan.close": "关闭评审计划",
    "eligibility_rule.override": "调整申报条件",
    "eligibility_rule.reset": "恢复默认申报条件",
    # certificates
    "certificate.issue": "发放证书",
    "certificate.allocate": "分配证书编号",
    "certificate.report_issued": "对接系统报送证书",
    "certificate.void": "作废证书",
    "certificate.replace": "补换发证书",
    "certificate.revoke": "撤销证书（诚信记录）",
    "certificate.reinstate": "恢复证书（诚信记录撤销）",
    # exchange API
    "exchange.system.create": "新增对接系统",
    "exchange.system.update": "修改对接系统",
    "exchange.token.issue": "签发对接凭证",
    "exchange.token.revoke": "吊销对接凭证",
    "exchange.idempotency_prune": "清理过期幂等记录",
    "api.numbers.allocate": "接口分配证书编号",
    "api.certificates.search": "接口查询证书",
    "api.certificates.get": "接口读取证书",
    "api.certificates.report": "接口报送证书",
    "api.certificates.void": "接口作废证书",
    "api.call": "接口调用",
    "profile.row_change": "修改个人信息条目",
    # businesses
    "business.evaluation.save": "保存评审申请",
    "business.evaluation.pledge_signed": "签署诚信承诺书（评审申请）",
    "business.recognition.save": "保存考核认定申请",
    "business.unit_change.save": "保存人事管理单位变更申请",
    "business.replacement.save": "保存证书补换发申请",
    "business.external.save": "保存省外来粤资格确认申请",
    "business.external.confirm": "确认省外职称资格",
    "business.external.file_view": "查看省外职称证书扫描件",
    "profile.unit_switch": "变更人事管理单位（入库）",
    # documents
    "document.downloaded": "下载表格文书",
    # evaluation
    "evaluation.expert_add": "专家入库",
    "evaluation.expert_reactivate": "专家重新入库",
    "evaluation.expert_deactivate": "专家出库",
    "evaluation.meeting_create": "创建评审会议",
    "evaluation.panel_draw": "抽取评审专家",
    "evaluation.panel_recheck": "复核专家抽取",
    "evaluation.meeting_edit": "修改评审会议",
    "evaluation.meeting_cancel": "取消评审会议",
    "evaluation.panel_redraw": "重新抽取评审专家",
    "evaluation.panel_replace": "替换评审专家",
    "evaluation.expert_term": "设置专家聘期",
    "evaluation.panel_rule_set": "设置评审组人数规则",
    "evaluation.vote": "专家表决",
    "evaluation.vote_paper": "录入纸质表决",
    "evaluation.meeting_close": "结束评审会议",
    "evaluation.notice_publish": "发布评审结果公示",
    "evaluation.objection_lodge": "提出异议",
    "pre_evaluation.publish": "发布评前公示",
    "pre_evaluation.objection_lodge": "对评前公示提出异议",
    "pre_evaluation.objection_resolve": "处理评前公示异议",
    "pre_evaluation.recompute": "重新计算评前公示期",
    "fee.notice_issue": "发出评审费缴费通知",
    "fee.payment_record": "登记评审费缴费",
    "fee.refund_record": "登记评审费退费",
    "fee.import": "导入银行对账文件",
    "fee.overdue_notify": "告知评审费逾期未缴",
    "fee.recompute": "重新计算缴费截止日期",
    "evaluation.objection_resolve": "处理异议",
    "evaluation.result_report": "上报评审结果",
    "evaluation.result_confirm": "确认备案评审结果",
    "evaluation.notice_recompute": "重新计算公示截止日期",
    "evaluation.stage": "评审阶段变更",
    "case.correction_recompute": "重新计算补正期限",
    "case.deadline_miss": "逾期未办理",
    "case.correction_overdue": "逾期未补正",
    "workcalendar.arrangement_enter": "录入节假日安排",
    # integrity records (诚信档案)
    "integrity.finding_record": "记入诚信档案",
    "integrity.objection_lodge": "对诚信档案记录提出异议",
    "integrity.objection_resolve": "处理诚信档案异议",
    "integrity.evidence_viewed": "查看（下载）诚信档案证据材料",
    # announcements (通知公告、常见问题)
    "announcement.publish": "发布通知公告",
    "announcement.update": "修改通知公告",
    "announcement.withdraw": "撤下通知公告",
    "announcement.attachment_add": "添加通知附件",
    "announcement.attachment_remove": "删除通知附件",
    "faq.create": "新增常见问题",
    "faq.update": "修改常见问题",
    "faq.delete": "删除常见问题",
    "paper.record": "登记纸质材料",
    "paper.review": "登记纸质材料审核",
    "outbox.message_failed": "消息发送失败",
    "outbox.message_resend": "重新发送消息",
}

# Changes made in the Django admin (``admin_mixins.AuditedAdminMixin``): ``<prefix>.add|change|delete``.
ADMIN_ACTION_LABELS = {"add": "系统后台新增", "change": "系统后台修改", "delete": "系统后台删除"}


def action_label(code: str) -> str:
    """The Chinese label of an audit action code (the code itself only for an unknown one)."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    prefix, _, verb = code.rpartition(".")
    if prefix.split(".")[-1:] == ["admin"] and verb in ADMIN_ACTION_LABELS:
        return ADMIN_ACTION_LABELS[verb]
    return code
