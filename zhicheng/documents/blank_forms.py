"""Blank paper forms (空白表格) for people who fill them in by hand: the 专业技术资格评审表 and the
专业技术资格考核认定表, as PDF from the same templates the system prints filled forms with (an
empty context with ruled blank rows), and as an editable Word file made with python-docx from
the same list of sections (docs/decisions/0020-blank-forms-docx.md).

Neither carries any personal data, so they are public and not audited. Each is rendered once per
process (the templates change only with a release).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from zhicheng.common.pdf import render_pdf

from .context import ISSUER, PLEDGE_TEXT, CoverField, OpinionBlock

BLANK_ROWS = {"education": 4, "work": 5, "achievements": 6, "appraisals": 5, "materials": 8}
#: The steps whose opinions the forms collect, in order (the usual route of each business).
EVALUATION_OPINIONS = ("人事管理单位意见", "主管单位意见", "评审委员会意见")
RECOGNITION_OPINIONS = ("人事管理单位意见", "主管单位意见", "人社部门认定意见")
SECTIONS = ("一、基本情况", "二、学习经历", "三、工作经历", "四、{achievements}", "五、年度考核与继续教育",
            "六、提交资料清单", "七、申报人承诺", "八、审核意见")


@dataclass(frozen=True)
class BlankForm:
    code: str
    title: str  # 专业技术资格评审表
    template: str
    achievements_heading: str
    cover_labels: tuple[str, ...]
    apply_rows: tuple[tuple[str, ...], ...]  # label pairs of the rows under the common ones
    opinions: tuple[str, ...]
    filename_stem: str


BLANK_FORMS: dict[str, BlankForm] = {
    "evaluation_form": BlankForm(
        code="evaluation_form", title="专业技术资格评审表", template="documents/evaluation_form.html",
        achievements_heading="申报评审的主要业绩成果（申报人选定）",
        cover_labels=("姓名", "工作单位", "系列专业", "申报资格", "申报日期", "评审委员会"),
        apply_rows=(("申报系列", "申报专业", "申报级别"), ("申报资格", "评审计划"), ("评审委员会",)),
        opinions=EVALUATION_OPINIONS, filename_stem="职称评审表（空白）",
    ),
    "recognition_form": BlankForm(
        code="recognition_form", title="专业技术资格考核认定表", template="documents/recognition_form.html",
        achievements_heading="主要专业技术工作业绩",
        cover_labels=("姓名", "工作单位", "系列专业", "认定资格", "申报日期", "认定机关"),
        apply_rows=(("最高学历", "毕业时间"), ("认定系列", "专业", "认定级别"), ("认定资格", "专业技术工作年限"),
                    ("认定机关",)),
        opinions=RECOGNITION_OPINIONS, filename_stem="职称考核认定表（空白）",
    ),
}

COMMON_ROWS = (("姓名", "性别", "出生年月"), ("民族", "政治面貌", "学历"), ("身份证号码",), ("工作单位",),
               ("主管单位", "所在地区"), ("现职称", "取得时间", "证书编号"), ("现任职务",))


def blank_form_get(code: str) -> BlankForm | None:
    return BLANK_FORMS.get(code)


def blank_context(form: BlankForm) -> dict:
    """The context of ``form``'s template with nothing filled in: empty values, ruled blank rows
    (``BLANK_ROWS``) and unsigned opinion blocks, so the PDF is the printed form, empty."""
    return {
        "doc_title": form.title,
        "blank": True,
        "case": None,
        "cover": [CoverField(label, "") for label in form.cover_labels],
        "issuer": ISSUER,
        "education": [{} for _ in range(BLANK_ROWS["education"])],
        "work": [{} for _ in range(BLANK_ROWS["work"])],
        "achievements": [{} for _ in range(BLANK_ROWS["achievements"])],
        "appraisal_rows": [({}, {}) for _ in range(BLANK_ROWS["appraisals"])],
        "materials": ["" for _ in range(BLANK_ROWS["materials"])],
        "pledge_text": PLEDGE_TEXT,
        "pledge_confirmed": False,
        "opinions": [OpinionBlock(title=t, organisation="") for t in form.opinions],
        "unit": {}, "title": {}, "data": {}, "plan": None, "series": "", "id_label": "身份证号码",
    }


@lru_cache(maxsize=len(BLANK_FORMS))
def blank_form_pdf(code: str) -> bytes:
    """The blank ``code`` form as PDF bytes (rendered once per process). ``KeyError`` for an unknown code."""
    form = BLANK_FORMS[code]
    return render_pdf(form.template, blank_context(form))


@lru_cache(maxsize=len(BLANK_FORMS))
def blank_form_docx(code: str) -> bytes:
    """The blank ``code`` form as an editable Word (.docx) file, made with python-docx from the
    same sections as the PDF: cover, 基本情况 table, the ruled tables, the pledge and the opinion
    boxes. ``KeyError`` for an unknown code."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    form = BLANK_FORMS[code]
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    def heading(text: str, size: int = 14) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)

    def table(header: list[str], rows: int, widths: list[float] | None = None) -> None:
        t = doc.add_table(rows=rows + 1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, label in enumerate(header):
            cell = t.rows[0].cells[i]
            cell.text = label
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in t.rows[1:]:
            r.height = Cm(0.9)
        if widths:
            for row in t.rows:
                for i, w in enumerate(widths):
                    row.cells[i].width = Cm(w)

    # cover
    for _ in range(3):
        doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(form.title)
    run.bold = True
    run.font.size = Pt(26)
    p = doc.add_paragraph("（　　　　系列）")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
    cover = doc.add_table(rows=len(form.cover_labels), cols=2)
    cover.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, label in zip(cover.rows, form.cover_labels, strict=True):
        row.cells[0].text = label + "："
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row.cells[1].text = "＿" * 16
        row.height = Cm(1.2)
    doc.add_paragraph()
    p = doc.add_paragraph(ISSUER)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_page_break()

    # 一、基本情况: label / blank pairs, one table row per row of the printed form
    heading(SECTIONS[0])
    rows = [*COMMON_ROWS, *form.apply_rows]
    basic = doc.add_table(rows=len(rows), cols=6)
    basic.style = "Table Grid"
    for row, labels in zip(basic.rows, rows, strict=True):
        row.height = Cm(0.9)
        span = 6 // len(labels) if len(labels) in (1, 2, 3) else 2
        for i, label in enumerate(labels):
            start = i * span
            row.cells[start].text = label
            if span > 2:
                row.cells[start + 1].merge(row.cells[start + span - 1])
    doc.add_paragraph("照片：近期二寸免冠彩色照片一张，贴于表后或随表报送。")

    heading(SECTIONS[1])
    table(["起止时间", "毕业院校", "所学专业", "学历", "学位"], BLANK_ROWS["education"], [3.6, 4.4, 3.6, 2.2, 2.2])
    heading(SECTIONS[2])
    table(["起止时间", "工作单位", "岗位（职务）"], BLANK_ROWS["work"], [3.6, 7.0, 5.4])
    heading(SECTIONS[3].format(achievements=form.achievements_heading))
    table(["序号", "类别", "名称及简要说明", "时间", "本人角色"], BLANK_ROWS["achievements"], [1.2, 1.6, 8.0, 2.4, 2.8])
    heading(SECTIONS[4])
    table(["年度", "考核结果", "年度", "学时", "继续教育学习内容"], BLANK_ROWS["appraisals"], [2.0, 3.0, 2.0, 1.8, 7.2])
    heading(SECTIONS[5])
    table(["序号", "材料名称"], BLANK_ROWS["materials"], [1.2, 14.8])
    heading(SECTIONS[6])
    doc.add_paragraph(PLEDGE_TEXT)
    doc.add_paragraph("申报人签名：＿＿＿＿＿＿＿＿　　　　年　　月　　日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading(SECTIONS[7])
    for title in form.opinions:
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.rows[0].cells[0].text = title
        t.rows[0].cells[0].width = Cm(2.0)
        body = t.rows[0].cells[1]
        body.width = Cm(14.0)
        body.text = "\n\n\n\n"
        body.add_paragraph("（盖章）").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        body.add_paragraph("负责人签名：＿＿＿＿＿＿　　　　年　　月　　日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        doc.add_paragraph()
    doc.core_properties.title = form.title
    doc.core_properties.author = ISSUER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
