from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("committees/<int:committee_pk>/plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("committees/<int:committee_pk>/eligibility/", views.eligibility_rules, name="eligibility_rules"),
    path(
        "committees/<int:committee_pk>/eligibility/<int:level>/", views.eligibility_rule_edit,
        name="eligibility_rule_edit",
    ),
]
