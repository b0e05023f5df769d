"""Committee evaluation pages. Thin: selectors decide what a user may see (else 404), services
decide what may happen (an ``EvaluationError`` becomes a message, never a 500)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhicheng.cases.selectors import cases_visible_to
from zhicheng.catalog.selectors import committees_managed_by
from zhicheng.common.forms import form_add_error

from . import selectors as sel
from .forms import (
    ConfirmBatchForm,
    DrawForm,
    ExpertAddForm,
    ExpertTermForm,
    MeetingCancelForm,
    MeetingEditForm,
    MeetingForm,
    MeetingPlanForm,
    NoticeForm,
    ObjectionForm,
    ObjectionResolveForm,
    PanelRedrawForm,
    PanelReplaceForm,
    PanelRuleForm,
    PaperVoteForm,
    VoteForm,
)
from .holds import meeting_notes
from .models import EvaluationResult, ExpertProfile, Objection, ObjectionStatus, Outcome, PublicNotice
from .services import (
    EvaluationError,
    expert_add,
    expert_deactivate,
    expert_term_set,
    may_edit_panel_rules,
    meeting_cancel,
    meeting_close,
    meeting_create,
    meeting_edit,
    meeting_edit_blocker,
    meeting_report,
    notice_publish,
    objection_lodge,
    objection_resolve,
    panel_draw,
    panel_draw_recheck,
    panel_member_replace,
    panel_redraw,
    panel_rule_set,
    results_confirm,
    vote_cast,
    vote_record_paper,
)


# -- public notices ------------------------------------------------------------------------------
def notices(request):
    """评审结果公示: current notices (anyone), and those ended in the last three months."""
    return render(request, "evaluation/notices.html", {
        "current": sel.notices_current(), "recent": sel.notices_recent(), "today": timezone.localdate(),
    })


def notice_detail(request, pk: int):
    notice = get_object_or_404(
        PublicNotice.objects.select_related("meeting__committee__organisation", "meeting__plan"), pk=pk
    )
    today = timezone.localdate()
    return render(request, "evaluation/notice_detail.html", {
        "notice": notice, "entries": sel.notice_entries(notice=notice), "is_current": notice.is_current_on(today),
        "today": today,
    })


@login_required
def objection_new(request, pk: int):
    result = get_object_or_404(
        EvaluationResult.objects.filter(outcome=Outcome.PASSED, meeting__notice__isnull=False).select_related(
            "application__applicant", "application__qualification", "meeting__notice"
        ),
        pk=pk,
    )
    notice = result.meeting.notice
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_lodge(result=result, actor=request.user, text=form.cleaned_data["text"],
                            contact=form.cleaned_data["contact"])
        except ValidationError as exc:
            form_add_error(form, exc)
        except EvaluationError as exc:
            messages.error(request, exc.message)
            return redirect("evaluation:notice_detail", pk=notice.pk)
        else:
            messages.success(request, "您的异议已提交，评委会办公室将核实处理。")
            return redirect("evaluation:notice_detail", pk=notice.pk)
    return render(request, "evaluation/objection_form.html", {"form": form, "result": result, "notice": notice,
                                                              "is_current": notice.is_current_on(timezone.localdate())})


# -- committee office ------------------------------------------------------------------------------
def _office_committee(request, committee_id: int):
    return get_object_or_404(committees_managed_by(user=request.user), pk=committee_id)


def _office_meeting(request, pk: int):
    return get_object_or_404(sel.meetings_managed_by(user=request.user), pk=pk)


@login_required
def office(request):
    committees = list(committees_managed_by(user=request.user))
    if not committees:
        raise Http404
    meetings = sel.meetings_managed_by(user=request.user)
    pending_objections = sel.objections_visible_to(user=request.user).filter(status=ObjectionStatus.PENDING).count()
    return render(request, "evaluation/office.html", {
        "committees": committees, "meetings": meetings, "pending_objections": pending_objections,
    })


@login_required
def experts(request, committee_id: int):
    committee = get_object_or_404(sel.committees_of_pool_manager(user=request.user), pk=committee_id)
    pool = sel.experts_visible_to(user=request.user).filter(committee=committee).order_by("-is_active", "id")
    form = ExpertAddForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            expert_add(committee=committee, user=form.user, employer=form.cleaned_data["employer"],
                       specialty=form.cleaned_data["specialty"], title=form.cleaned_data["title"], actor=request.user,
                       term_ends_on=form.cleaned_data["term_ends_on"])
        except EvaluationError as exc:
            form.add_error("id_number", exc.message)
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, f"已将{form.user.real_name}加入专家库。")
            return redirect("evaluation:experts", committee_id=committee.pk)
    return render(request, "evaluation/experts.html", {
        "committee": committee, "pool": pool, "form": form, "today": timezone.localdate(),
        # the office records integrity findings about its experts (zhicheng.integrity)
        "is_office": committees_managed_by(user=request.user).filter(pk=committee.pk).exists(),
    })


@login_required
@require_POST
def expert_term_view(request, pk: int):
    expert = get_object_or_404(sel.experts_visible_to(user=request.user), pk=pk)
    form = ExpertTermForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            expert_term_set(expert=expert, term_ends_on=form.cleaned_data["term_ends_on"], actor=request.user)
        except (EvaluationError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
        else:
            messages.success(request, f"已修改{expert.user.real_name}的聘期截止日期。")
    return redirect("evaluation:experts", committee_id=expert.committee_id)


# -- panel rules (issue 21) ----------------------------------------------------------------------
@login_required
def panel_rule_committees(request):
    committees = list(sel.committees_with_panel_rules_for(user=request.user))
    if not committees:
        raise Http404
    return render(request, "evaluation/panel_rule_committees.html", {"committees": committees})


@login_required
def panel_rules(request, committee_id: int):
    from .panel_rules import CommitteeKind, committee_kind, panel_rules_for

    committee = get_object_or_404(sel.committees_with_panel_rules_for(user=request.user), pk=committee_id)
    return render(request, "evaluation/panel_rules.html", {
        "committee": committee, "rules": panel_rules_for(committee),
        "kind_label": CommitteeKind.LABELS[committee_kind(committee)],
        "may_edit": may_edit_panel_rules(user=request.user, committee=committee),
        "pool_count": ExpertProfile.objects.filter(committee=committee, is_active=True).count(),
    })


@login_required
def panel_rule_edit(request, committee_id: int, level: int):
    from .panel_rules import panel_rules_for

    committee = get_object_or_404(sel.committees_with_panel_rules_for(user=request.user), pk=committee_id)
    if not may_edit_panel_rules(user=request.user, committee=committee):
        raise Http404
    rule = next((r for r in panel_rules_for(committee) if r.level == level), None)
    if rule is None:
        raise Http404
    form = PanelRuleForm(request.POST or None, initial={
        "min_pool_size": rule.min_pool_size, "min_panel_size": rule.min_panel_size, "odd_panel": rule.odd_panel,
        "source": rule.source,
    })
    if request.method == "POST" and form.is_valid():
        try:
            panel_rule_set(committee=committee, level=level, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_error(form, exc)
        except EvaluationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存{committee.name}{rule.level_label}评审组人数规则。")
            return redirect("evaluation:panel_rules", committee_id=committee.pk)
    return render(request, "evaluation/panel_rule_form.html", {"committee": committee, "rule": rule, "form": form})


@login_required
@require_POST
def expert_deactivate_view(request, pk: int):
    expert = get_object_or_404(sel.experts_visible_to(user=request.user), pk=pk)
    try:
        expert_deactivate(expert=expert, actor=request.user)
        messages.success(request, f"已将{expert.user.real_name}移出专家库（停用）。")
    except EvaluationError as exc:
        messages.error(request, exc.message)
    return redirect("evaluation:experts", committee_id=expert.committee_id)


@login_required
def meeting_new(request, committee_id: int):
    committee = _office_committee(request, committee_id)
    plan_form = MeetingPlanForm(request.GET or None, committee=committee)
    plan = plan_form.cleaned_data["plan"] if request.GET.get("plan") and plan_form.is_valid() else None
    form = None
    if plan is not None:
        applications = list(sel.accepted_applications_for(plan=plan))
        form = MeetingForm(request.POST or None, applications=applications,
                           initial={"name": f"{plan.title.removesuffix('评审')}评审会议"})
        if request.method == "POST" and form.is_valid():
            try:
                meeting = meeting_create(
                    plan=plan, name=form.cleaned_data["name"], held_on=form.cleaned_data["held_on"],
                    place=form.cleaned_data["place"], applications=form.chosen(), actor=request.user,
                )
            except EvaluationError as exc:
                form.add_error("applications", exc.message)
            except ValidationError as exc:
                form_add_error(form, exc)
            else:
                messages.success(request, "评审会议已创建，请抽取评审专家。")
                return redirect("evaluation:meeting", pk=meeting.pk)
        units = sel.application_personnel_units(applications)
        notes = meeting_notes(applications=applications)
        form.rows = [(a, units[a.pk], notes.get(a.pk, "")) for a in applications]
    held = sel.held_applications_for(plan=plan) if plan is not None else []
    return render(request, "evaluation/meeting_new.html", {
        "committee": committee, "plan_form": plan_form, "plan": plan, "form": form, "held": held,
    })


@login_required
def meeting(request, pk: int):
    meeting = _office_meeting(request, pk)
    draw = meeting.draw
    results = sel.meeting_results(meeting=meeting)
    notice = PublicNotice.objects.filter(meeting=meeting).first()
    objections = list(
        Objection.objects.filter(result__meeting=meeting).select_related("result__application__applicant", "lodged_by")
    )
    pending = {o.result_id for o in objections if o.status == ObjectionStatus.PENDING}
    for r in results:
        r.has_pending_objection = r.pk in pending
    today = timezone.localdate()
    draw_rows = []
    panel_ids = set(meeting.panel.values_list("expert_id", flat=True))
    if draw:
        names = {
            e.pk: e for e in ExpertProfile.objects.filter(pk__in=draw.candidate_ids).select_related("user", "employer")
        }
        excluded = {x["id"]: x["reason"] for x in draw.excluded}
        for expert_id in draw.candidate_ids:
            expert = names.get(expert_id)
            if expert_id in panel_ids:
                state = ("chosen", "抽中") if expert_id in draw.chosen_ids else ("chosen", "替换入选")
            elif expert_id in draw.chosen_ids:
                state = ("replaced", "抽中，后被替换")
            elif expert_id in excluded:
                state = ("excluded", "回避：" + excluded[expert_id])
            else:
                state = ("", "未抽中")
            draw_rows.append({"id": expert_id, "expert": expert, "state": state[0], "label": state[1]})
    return render(request, "evaluation/meeting.html", {
        "draw_rows": draw_rows,
        "meeting": meeting, "draw": draw, "results": results, "notice": notice, "objections": objections,
        "panel": sel.meeting_panel_progress(meeting=meeting) if draw else [],
        "draw_form": DrawForm(), "notice_form": NoticeForm(initial={"working_days": 5}),
        "resolve_form": ObjectionResolveForm(), "today": today,
        "can_report": bool(notice and notice.has_ended_on(today)
                           and any(r.outcome == Outcome.PASSED and not r.reported_at for r in results)),
        "panel_size": len(panel_ids),
        "panel_rule": _meeting_rule(meeting),
        "edit_blocker": meeting_edit_blocker(meeting=meeting),
        "replacements": list(meeting.draws.filter(kind="replace", id__gt=draw.pk).select_related("drawn_by"))
        if draw else [],
    })


def _meeting_rule(meeting):
    from .panel_rules import panel_rule_strictest

    return panel_rule_strictest(meeting.committee, meeting.results.values_list("application__level", flat=True))


# -- managing a meeting before the vote (issue 21) -------------------------------------------------
@login_required
def meeting_edit_view(request, pk: int):
    """修改会议: name, date and place; the panel redrawn or one member replaced. One page, three forms
    (``action`` says which was sent), so a refused form comes back with what was typed."""
    meeting = _office_meeting(request, pk)
    blocker = meeting_edit_blocker(meeting=meeting)
    if blocker:
        messages.error(request, blocker)
        return redirect("evaluation:meeting", pk=meeting.pk)
    members = sel.meeting_panel(meeting=meeting)
    action = request.POST.get("action") if request.method == "POST" else None
    form = MeetingEditForm(request.POST if action == "meeting" else None, initial={
        "name": meeting.name, "held_on": meeting.held_on, "place": meeting.place})
    replace_form = PanelReplaceForm(request.POST if action == "replace" else None, members=members, prefix="replace")
    redraw_form = PanelRedrawForm(request.POST if action == "redraw" else None, prefix="redraw",
                                  initial={"size": len(members) or None})
    done = None
    try:
        if action == "meeting" and form.is_valid():
            changed = meeting_edit(meeting=meeting, actor=request.user, **form.cleaned_data)
            done = "已保存会议的修改。" if changed else "没有修改任何内容。"
        elif action == "replace" and replace_form.is_valid():
            draw = panel_member_replace(meeting=meeting, expert_id=int(replace_form.cleaned_data["expert"]),
                                        actor=request.user, reason=replace_form.cleaned_data["reason"])
            new = ExpertProfile.objects.select_related("user").get(pk=draw.chosen_ids[0])
            done = f"已随机抽取{new.user.real_name}替换该专家。"
        elif action == "redraw" and redraw_form.is_valid():
            draw = panel_redraw(meeting=meeting, size=redraw_form.cleaned_data["size"], actor=request.user,
                                reason=redraw_form.cleaned_data["reason"])
            done = f"已重新随机抽取 {draw.size} 名评审专家，回避 {len(draw.excluded)} 人。"
    except (EvaluationError, ValidationError) as exc:
        form_add_error({"meeting": form, "replace": replace_form, "redraw": redraw_form}[action], exc)
    if done:
        messages.success(request, done)
        return redirect("evaluation:meeting_edit" if action != "meeting" else "evaluation:meeting", pk=meeting.pk)
    return render(request, "evaluation/meeting_edit.html", {
        "meeting": meeting, "form": form, "replace_form": replace_form, "redraw_form": redraw_form,
        "members": members, "draw": meeting.draw, "panel_rule": _meeting_rule(meeting),
    })


@login_required
def meeting_cancel_view(request, pk: int):
    """取消会议 with a mandatory reason."""
    meeting = _office_meeting(request, pk)
    if not meeting.is_open:
        messages.error(request, "会议已取消，请勿重复操作。" if meeting.is_cancelled else "会议已结束，不能取消。")
        return redirect("evaluation:meeting", pk=meeting.pk)
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except (EvaluationError, ValidationError) as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, "会议已取消，本次会议的申请已退回待安排评审，已通知申报人和评审专家。")
            return redirect("evaluation:meeting", pk=meeting.pk)
    return render(request, "evaluation/meeting_cancel.html", {
        "meeting": meeting, "form": form, "results": sel.meeting_results(meeting=meeting),
        "ballots": meeting.ballots.count(),
    })


def _meeting_sheet(meeting, extension: str):
    """(bytes, file name) of the meeting's 一览表: its applications, in the order of the meeting page."""
    from zhicheng.documents.summary_sheet import summary_sheet_pdf, summary_sheet_xlsx

    subtitle = f"会议：{meeting.held_on:%Y年%m月%d日}　{meeting.place}" + ("（已取消）" if meeting.is_cancelled else "")
    render_sheet = summary_sheet_pdf if extension == "pdf" else summary_sheet_xlsx
    data = render_sheet(plan=meeting.plan, applications=sel.meeting_applications(meeting=meeting),
                        heading=f"{meeting.name}申报人员一览表", subtitle=subtitle)
    return data, f"一览表_{meeting.name}_{timezone.localdate():%Y%m%d}.{extension}"


def _meeting_summary(request, pk: int, extension: str):
    """The meeting's 一览表 as ``extension`` (pdf, xlsx), audited as the document download
    ``meeting_summary_sheet_<extension>``."""
    from zhicheng.common.pdf import pdf_response
    from zhicheng.documents.services import document_download_record
    from zhicheng.documents.views import xlsx_response

    meeting = _office_meeting(request, pk)
    data, filename = _meeting_sheet(meeting, extension)
    document_download_record(actor=request.user, document=f"meeting_summary_sheet_{extension}", obj=meeting,
                             organisation=meeting.committee.organisation)
    return (pdf_response if extension == "pdf" else xlsx_response)(data, filename=filename)


@login_required
@require_GET
def meeting_summary_pdf(request, pk: int):
    """The meeting's 一览表 as PDF (audited as a document download)."""
    return _meeting_summary(request, pk, "pdf")


@login_required
@require_GET
def meeting_summary_xlsx(request, pk: int):
    """The meeting's 一览表 as an Excel workbook (audited as a document download)."""
    return _meeting_summary(request, pk, "xlsx")


@login_required
@require_POST
def meeting_draw(request, pk: int):
    meeting = _office_meeting(request, pk)
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors) or "请填写抽取人数。")
    else:
        try:
            draw = panel_draw(meeting=meeting, size=form.cleaned_data["size"], actor=request.user)
            messages.success(request, f"已随机抽取 {draw.size} 名评审专家，回避 {len(draw.excluded)} 人。")
        except EvaluationError as exc:
            messages.error(request, exc.message)
    return redirect("evaluation:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_recheck(request, pk: int):
    meeting = _office_meeting(request, pk)
    draw = meeting.draw
    if draw is None:
        raise Http404
    check = panel_draw_recheck(draw=draw, actor=request.user)
    if check.matches:
        messages.success(request, "复核一致：用记录的随机种子和候选名单重新计算，抽取结果与记录相同。")
    else:
        messages.error(request, "复核不一致：重新计算的抽取结果与记录不同，请报告系统管理员。")
    return redirect("evaluation:meeting", pk=meeting.pk)


@login_required
def paper_vote(request, pk: int):
    meeting = _office_meeting(request, pk)
    if not meeting.is_open:
        messages.error(
            request, "会议已取消，不能录入表决票。" if meeting.is_cancelled else "会议已结束，不能再录入表决票。"
        )
        return redirect("evaluation:meeting", pk=meeting.pk)
    experts = [m.expert for m in sel.meeting_panel(meeting=meeting)]
    results = sel.meeting_results(meeting=meeting)
    form = PaperVoteForm(request.POST or None, experts=experts, results=results)
    if request.method == "POST" and form.is_valid():
        expert = form.experts[form.cleaned_data["expert"]]
        result = form.results[form.cleaned_data["result"]]
        try:
            vote_record_paper(meeting=meeting, result=result, expert=expert, choice=form.cleaned_data["choice"],
                              comment=form.cleaned_data["comment"], actor=request.user)
        except EvaluationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"已代录{expert.user.real_name}对{result.application.applicant.real_name}的纸质表决票。"
            )
            return redirect("evaluation:paper_vote", pk=meeting.pk)
    return render(request, "evaluation/paper_vote.html", {
        "meeting": meeting, "form": form, "panel": sel.meeting_panel_progress(meeting=meeting),
    })


@login_required
@require_POST
def meeting_close_view(request, pk: int):
    meeting = _office_meeting(request, pk)
    try:
        meeting = meeting_close(meeting=meeting, actor=request.user)
    except EvaluationError as exc:
        messages.error(request, exc.message)
    else:
        if meeting.is_valid:
            messages.success(request, f"会议已结束：出席专家 {meeting.present_count} 人，评审结果已计算。")
        else:
            messages.warning(
                request, f"会议已结束，但出席专家 {meeting.present_count} 人不足评审组的三分之二，会议无效，无人通过。"
            )
    return redirect("evaluation:meeting", pk=meeting.pk)


@login_required
def notice_new(request, pk: int):
    meeting = _office_meeting(request, pk)
    form = NoticeForm(request.POST or None, initial={"working_days": 5})
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_publish(meeting=meeting, actor=request.user, working_days=form.cleaned_data["working_days"],
                                    title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        except EvaluationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            note = notice.provisional_note
            messages.success(
                request, f"公示已发布，公示期至 {notice.ends_on:%Y年%m月%d日}" + (f"（{note}）。" if note else "。")
            )
            return redirect("evaluation:meeting", pk=meeting.pk)
    return render(request, "evaluation/notice_form.html", {"meeting": meeting, "form": form})


@login_required
def objection_resolve_view(request, pk: int):
    objection = get_object_or_404(sel.objections_visible_to(user=request.user), pk=pk)
    form = ObjectionResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_resolve(objection=objection, actor=request.user, upheld=form.cleaned_data["decision"] == "upheld",
                              resolution=form.cleaned_data["resolution"])
        except EvaluationError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            form_add_error(form, exc)
        else:
            messages.success(request, "异议处理结果已记录。")
            return redirect("evaluation:meeting", pk=objection.result.meeting_id)
    return render(request, "evaluation/objection_resolve.html", {"objection": objection, "form": form})


@login_required
@require_POST
def meeting_report_view(request, pk: int):
    meeting = _office_meeting(request, pk)
    try:
        outcome = meeting_report(meeting=meeting, actor=request.user)
    except EvaluationError as exc:
        messages.error(request, exc.message)
    else:
        if outcome.done:
            messages.success(
                request, f"已向{meeting.committee.managing_bureau.name}上报 {len(outcome.done)} 名评审通过人员。"
            )
        for message in outcome.failed:
            messages.warning(request, message)
    return redirect("evaluation:meeting", pk=meeting.pk)


# -- experts ---------------------------------------------------------------------------------------
@login_required
def expert_meetings(request):
    meetings = list(sel.meetings_on_panel_of(user=request.user).order_by("-held_on", "-id"))
    if not meetings and not request.user.memberships.in_force().filter(role="expert").exists():
        raise Http404
    return render(request, "evaluation/expert_meetings.html", {"meetings": meetings})


@login_required
def vote(request, pk: int):
    meeting = get_object_or_404(sel.meetings_on_panel_of(user=request.user), pk=pk)
    expert = sel.panel_expert_of(meeting=meeting, user=request.user)
    results = sel.meeting_results(meeting=meeting)
    if request.method == "POST":
        result = next((r for r in results if str(r.pk) == request.POST.get("result")), None)
        if result is None:
            raise Http404
        form = VoteForm(request.POST, prefix=f"r{result.pk}")
        if form.is_valid():
            try:
                vote_cast(meeting=meeting, result=result, actor=request.user, choice=form.cleaned_data["choice"],
                          comment=form.cleaned_data["comment"])
            except EvaluationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已对{result.application.applicant.real_name}投票。")
            return redirect("evaluation:vote", pk=meeting.pk)
        failed = (result.pk, form)
    else:
        failed = None
    ballots = sel.ballots_of_expert(meeting=meeting, expert=expert)
    visible_cases = set(cases_visible_to(user=request.user).filter(
        pk__in=[r.application.case_id for r in results]).values_list("pk", flat=True))
    rows = []
    for r in results:
        form = failed[1] if failed and failed[0] == r.pk else VoteForm(prefix=f"r{r.pk}")
        rows.append({"result": r, "ballot": ballots.get(r.pk), "form": form,
                     "achievements": sel.application_presented_achievements(r.application),
                     "case_visible": r.application.case_id in visible_cases})
    return render(request, "evaluation/vote.html", {
        "meeting": meeting, "expert": expert, "rows": rows, "voted": len(ballots), "total": len(results),
    })


# -- HR bureau ---------------------------------------------------------------------------------------
@login_required
def confirm_queue(request):
    if not sel.bureaus_confirming(user=request.user).exists():
        raise Http404
    queue = list(sel.results_to_confirm_by(user=request.user))
    form = ConfirmBatchForm(request.POST or None, ids=[r.pk for r in queue])
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "请先勾选要确认备案的评审结果。")
        else:
            outcome = results_confirm(result_ids=form.cleaned_data["results"], actor=request.user)
            if outcome.done:
                messages.success(request, f"已确认备案 {len(outcome.done)} 人，证书已发放。")
            for message in outcome.failed:
                messages.warning(request, message)
            return redirect("evaluation:confirm_queue")
    return render(request, "evaluation/confirm_queue.html", {
        "queue": queue, "confirmed": sel.results_confirmed_by_bureaus_of(user=request.user),
    })


# -- applicant -----------------------------------------------------------------------------------------
@login_required
def mine(request):
    return render(request, "evaluation/mine.html", {"rows": sel.evaluations_of_applicant(user=request.user)})
