from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register, name="register"),
    path("password/change/", views.password_change, name="password_change"),
    path("me/", views.account, name="account"),
    path("me/contact/", views.contact_change, name="contact_change"),
    path("me/contact/confirm/", views.contact_confirm, name="contact_confirm"),
    path("recover/", views.recover_start, name="recover"),
    path("recover/channel/", views.recover_channel, name="recover_channel"),
    path("recover/code/", views.recover_code, name="recover_code"),
    path("recover/password/", views.recover_password, name="recover_password"),
    path("window/", views.window_index, name="window_index"),
    path("window/<int:org_id>/", views.window, name="window"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/<int:org_id>/", views.staff, name="staff"),
    path("staff/<int:org_id>/<int:membership_id>/revoke/", views.staff_revoke, name="staff_revoke"),
    path("staff/<int:org_id>/<int:membership_id>/ends-on/", views.staff_ends_on, name="staff_ends_on"),
    path("invitations/", views.invitations, name="invitations"),
    path("admin-duties/", views.admin_duties, name="admin_duties"),
    path("security/login-attacks/", views.login_attacks, name="login_attacks"),
    path("2fa/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("me/2fa/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("admin-duties/2fa-reset/", views.two_factor_reset, name="two_factor_reset"),
]
