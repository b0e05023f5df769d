from django.contrib import admin

from zhicheng.audit.admin_mixins import AuditedAdminMixin

from .models import AccountRecovery, User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Accounts are created through registration and services; the admin only browses them.

    Administrator duties are set by the security administrator on their own page (三权分立),
    so ``admin_duty`` is read-only here, where the system administrator works. Every change made
    here (e.g. deactivating an account) is written to the audit log.
    """

    audit_action_prefix = "account.admin"

    list_display = ["real_name", "masked_id_number", "masked_phone", "admin_duty", "is_active", "date_joined"]
    list_filter = ["admin_duty", "is_active", "is_staff"]
    search_fields = ["real_name"]
    fields = ["real_name", "email", "admin_duty", "is_active", "is_staff", "must_change_password", "date_joined"]
    readonly_fields = ["date_joined", "admin_duty", "is_staff"]

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description="手机号码")
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountRecovery)
class AccountRecoveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "method", "organisation", "staff", "id_card_checked"]
    list_filter = ["method"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Authenticators are managed by their owners and reset by the security administrator (audited,
# on its own page): django-otp's admin would let the system administrator read the secret keys
# and delete devices without an audit record (三权分立).
def _unregister_totp_admin() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)


_unregister_totp_admin()
