"""Sample 通知公告 and 常见问题, published through ``announcements.services``: a short FAQ of
清远市人力资源和社会保障局 written for this product, answering what its applicants ask most, and one notice of
the province. One copy, shared by the demo and the tests' world (decision 0036), which pass the publishers.
"""

from __future__ import annotations

from zhicheng.announcements.models import Announcement, FaqEntry
from zhicheng.announcements.services import announcement_publish, faq_entry_create
from zhicheng.orgs.models import Organisation

QINGYUAN_BUREAU = "清远市人力资源和社会保障局"
PROVINCE_BUREAU = "广东省人力资源和社会保障厅"

QINGYUAN_FAQ: list[tuple[str, str]] = [
    (
        "填写个人基本信息时，人事管理单位应该选哪个？",
        "人事管理单位是**保管您人事档案**的单位，不一定是您上班的单位：\n\n"
        "- 档案在本单位的，选本单位；\n"
        "- 档案存放在人才市场（如清远市人才服务中心）的，选该人才市场；\n"
        "- 在非公有制企业工作、档案不在单位的，选所在地人社部门设立的非公申报点。\n\n"
        "选择时先选地市、再选县（市、区），输入单位名称或拼音首字母（如 `qyrmyy`）即可查找。"
        "找不到单位的，请先请单位在本系统注册，或咨询所在地人社部门。选错了单位且尚未审核的，"
        "可以在个人工作台撤回后改选。",
    ),
    (
        "注册时提示“该证件号码已注册”怎么办？",
        "说明已经有账号用您的身份证号码注册过，多数情况是您本人以前注册过：\n\n"
        "1. 在登录页点“找回账号”，用注册时预留的手机号码或电子邮箱接收验证码，重设密码；\n"
        "2. 手机号码已停用的，请携带本人居民身份证到市、县（市、区）人社部门服务窗口，由工作人员核验身份后办理。\n\n"
        "如确认不是本人注册，请到服务窗口说明情况，工作人员会核实处理。一个证件号码只能注册一个账号。",
    ),
    (
        "忘记了账号或密码，怎么找回？",
        "本系统的账号就是您的证件号码。忘记密码的，在登录页点“找回账号”，"
        "按提示用预留的手机或邮箱接收验证码后设置新密码。"
        "多次输错密码账号会被暂时锁定，请稍后再试或直接找回。预留的手机和邮箱都无法使用的，"
        "请本人携带居民身份证到服务窗口办理。",
    ),
    (
        "已经提交的申报，还能撤回修改吗？",
        "可以，但要看办到哪一步：\n\n"
        "- **人事管理单位还没有审核**的，可以在个人工作台或该业务页面点“撤回”，修改后重新提交；\n"
        "- 单位已经审核通过的，本人不能撤回，请联系正在审核的单位，由其“审核不通过（退回）”并写明原因，"
        "退回后即可修改；\n"
        "- 评审计划设有补正期限的，退回后须在期限内重新提交，逾期不再受理。",
    ),
    (
        "纸质材料和表格要交吗？到哪里下载空白表？",
        "网上申报提交后，请按评审计划的要求把纸质材料交到人事管理单位，由单位核对、盖章后逐级报送。"
        "《评审表》《考核认定表》可在申报后从个人工作台打印；需要手工填写的，可在“通知公告 → 空白表格下载”"
        "取得空白表（PDF 和可编辑的 Word 文件）。",
    ),
]

PROVINCE_NOTICE_TITLE = "关于做好本年度职称网上申报工作的通知"
PROVINCE_NOTICE_BODY = (
    "各地级以上市人力资源社会保障局，省直各单位：\n\n"
    "本年度职称评审申报统一通过**广东省职称网上申报系统**办理。请各单位提醒申报人：\n\n"
    "1. 先填写并提交个人基本信息，经人事管理单位、主管单位审核入库后再申报评审；\n"
    "2. 按各评审委员会发布的评审计划，在申报时间内提交；\n"
    "3. 纸质材料按评审计划要求报送，与网上信息一致。\n\n"
    "常见问题可查看本系统“常见问题”栏目。"
)


def announcements_sample_load(*, faq_actor, notice_actor=None) -> int:
    """Publish 清远市's FAQ as ``faq_actor`` (a reviewer of 清远市's HR bureau) unless it has one, and, given
    ``notice_actor`` (a reviewer of the provincial HR department), the province's pinned notice unless
    published. Returns the number of rows added."""
    added = 0
    qingyuan = Organisation.objects.get(name=QINGYUAN_BUREAU)
    if not FaqEntry.objects.filter(publisher=qingyuan).exists():
        for order, (question, answer) in enumerate(QINGYUAN_FAQ, start=1):
            faq_entry_create(actor=faq_actor, bureau=qingyuan, question=question, answer=answer, order=order * 10)
            added += 1
    if notice_actor is not None:
        province = Organisation.objects.get(name=PROVINCE_BUREAU)
        if not Announcement.objects.filter(publisher=province, title=PROVINCE_NOTICE_TITLE).exists():
            announcement_publish(actor=notice_actor, bureau=province, title=PROVINCE_NOTICE_TITLE,
                                 body=PROVINCE_NOTICE_BODY, pinned=True)
            added += 1
    return added
