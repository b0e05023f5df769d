"""纸质材料 on a case (issue 22): the unit holding the case records 收到 / 已核 / 已盖章 / 退还 against
the applicant's list, in order, audited; the next reviewer and the applicant see the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.cases.services import case_approve
from zhicheng.paper_materials.models import PaperMaterial, PaperStep
from zhicheng.paper_materials.services import paper_material_record, paper_record_of

pytestmark = pytest.mark.django_db


def test_the_record_starts_from_the_declared_list(recognition_case):
    rows = paper_record_of(case=recognition_case)
    assert [(r.name, r.declared, r.material) for r in rows] == [
        ("学历证书复印件", True, None), ("工作年限证明", True, None), ("身份证复印件", True, None)]


def test_unit_records_steps_in_order_and_each_is_audited(recognition_case, cast):
    unit = cast["unit_reviewer_2"]
    with pytest.raises(ValidationError) as exc:
        paper_material_record(case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.CHECKED)
    assert "尚未登记收到" in str(exc.value)
    m = paper_material_record(
        case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.RECEIVED, copies=2
    )
    assert (
        m.declared
        and m.received_by == unit
        and m.copies == 2
        and m.organisation == recognition_case.current_organisation
    )
    with pytest.raises(ValidationError) as exc:
        paper_material_record(case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.STAMPED)
    assert "须先登记已核" in str(exc.value)
    paper_material_record(case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.CHECKED)
    m = paper_material_record(case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.STAMPED)
    assert m.state_label == "已盖章"
    with pytest.raises(ValidationError) as exc:
        paper_material_record(case=recognition_case, actor=unit, name="学历证书复印件", step=PaperStep.STAMPED)
    assert "已登记已盖章" in str(exc.value)
    extra = paper_material_record(case=recognition_case, actor=unit, name=" 获奖证书  原件 ", step=PaperStep.RECEIVED)
    assert extra.name == "获奖证书 原件" and not extra.declared
    paper_material_record(case=recognition_case, actor=unit, name="获奖证书 原件", step=PaperStep.RETURNED,
                          note="原件核后退还")
    events = AuditEvent.objects.filter(action="paper.record", object_id=str(recognition_case.pk))
    assert [e.detail["step"] for e in events.order_by("id")] == [
        "received",
        "checked",
        "stamped",
        "received",
        "returned",
    ]
    with pytest.raises(ValidationError):
        paper_material_record(case=recognition_case, actor=unit, name="   ", step=PaperStep.RECEIVED)


def test_only_the_current_organisation_records(recognition_case, cast):
    for outsider in ("applicant_c", "unit_reviewer", "supervisor_reviewer_2", "hr_reviewer", "window_staff"):
        with pytest.raises(PermissionDenied):
            paper_material_record(case=recognition_case, actor=cast[outsider], name="x", step=PaperStep.RECEIVED)
    paper_material_record(case=recognition_case, actor=cast["unit_reviewer_2"], name="学历证书复印件",
                          step=PaperStep.RECEIVED)
    case = case_approve(case=recognition_case, actor=cast["unit_reviewer_2"], opinion="材料已核。")
    # now at the supervising unit: it records, the unit no longer does
    with pytest.raises(PermissionDenied):
        paper_material_record(case=case, actor=cast["unit_reviewer_2"], name="工作年限证明", step=PaperStep.RECEIVED)
    paper_material_record(case=case, actor=cast["supervisor_reviewer_2"], name="学历证书复印件", step=PaperStep.CHECKED)


def test_next_reviewer_and_applicant_see_the_record(recognition_case, cast, client):
    paper_material_record(case=recognition_case, actor=cast["unit_reviewer_2"], name="工作年限证明",
                          step=PaperStep.RECEIVED)
    case = case_approve(case=recognition_case, actor=cast["unit_reviewer_2"], opinion="同意。")
    client.force_login(cast["supervisor_reviewer_2"])
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="paper-materials"' in html and "工作年限证明" in html and "已收到" in html
    assert cast["unit_reviewer_2"].real_name in html
    client.force_login(cast["applicant_c"])
    html = client.get(reverse("paper_materials:case", args=[case.pk])).content.decode()
    assert "工作年限证明" in html and 'id="paper-form"' not in html  # read only
    assert (
        client.post(reverse("paper_materials:case", args=[case.pk]), {"name": "x", "step": "received"}).status_code
        == 403
    )
    client.force_login(cast["applicant_b"])
    assert client.get(reverse("paper_materials:case", args=[case.pk])).status_code == 404


def test_page_keeps_input_on_error(recognition_case, cast, client):
    client.force_login(cast["unit_reviewer_2"])
    url = reverse("paper_materials:case", args=[recognition_case.pk])
    response = client.post(url, {"name": "工作年限证明", "step": "stamped", "copies": "1", "note": "加急"})
    html = response.content.decode()
    assert response.status_code == 200 and "尚未登记收到" in html and 'value="加急"' in html
    response = client.post(url, {"name": "工作年限证明", "step": "received", "copies": "1"})
    assert response.status_code == 302
    assert PaperMaterial.objects.get(case=recognition_case, name="工作年限证明").received_by == cast["unit_reviewer_2"]
