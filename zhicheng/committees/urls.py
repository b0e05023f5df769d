from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    # public
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/entries/<int:pk>/objection/", views.objection_new, name="objection_new"),
    # committee office
    path("office/", views.office, name="office"),
    path("office/<int:committee_id>/experts/", views.experts, name="experts"),
    path("office/experts/<int:pk>/deactivate/", views.expert_deactivate_view, name="expert_deactivate"),
    path("office/experts/<int:pk>/term/", views.expert_term_view, name="expert_term"),
    path("panel-rules/", views.panel_rule_committees, name="panel_rule_committees"),
    path("panel-rules/<int:committee_id>/", views.panel_rules, name="panel_rules"),
    path("panel-rules/<int:committee_id>/<int:level>/", views.panel_rule_edit, name="panel_rule_edit"),
    path("office/<int:committee_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit_view, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<int:pk>/summary-sheet.pdf", views.meeting_summary_pdf, name="meeting_summary_pdf"),
    path("meetings/<int:pk>/summary-sheet.xlsx", views.meeting_summary_xlsx, name="meeting_summary_xlsx"),
    path("meetings/<int:pk>/draw/", views.meeting_draw, name="meeting_draw"),
    path("meetings/<int:pk>/recheck/", views.meeting_recheck, name="meeting_recheck"),
    path("meetings/<int:pk>/paper-vote/", views.paper_vote, name="paper_vote"),
    path("meetings/<int:pk>/close/", views.meeting_close_view, name="meeting_close"),
    path("meetings/<int:pk>/notice/", views.notice_new, name="notice_new"),
    path("meetings/<int:pk>/report/", views.meeting_report_view, name="meeting_report"),
    path("objections/<int:pk>/", views.objection_resolve_view, name="objection_resolve"),
    # experts
    path("expert/", views.expert_meetings, name="expert_meetings"),
    path("expert/meetings/<int:pk>/", views.vote, name="vote"),
    # HR bureau
    path("confirm/", views.confirm_queue, name="confirm_queue"),
    # applicant
    path("mine/", views.mine, name="mine"),
]
