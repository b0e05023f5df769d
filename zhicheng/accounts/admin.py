import re

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from zhicheng.audit.admin_mixins import AuditedAdminMixin
from zhicheng.common.admin_mixins import ReadOnlyAdminMixin
from zhicheng.common.id_documents import guess_document_types
from zhicheng.common.masking import mask_id_number, mask_phone
from zhicheng.common.search import TOKEN_PARAM, search_criteria
from zhicheng.common.validators import normalize_identifier, normalize_phone, validate_person_name

from .models import AccountRecovery, LinkedDocument, User, phone_digest, typed_document_digests, users_holding_documents

_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_PHONE_SHAPE = re.compile(r"^1[0-9]{10}$")
SEARCH_SCOPE = "admin:accounts.user"


def _number_of(term: str) -> tuple[str, str]:
    """("id", number) or ("phone", number) when the term is a full ID or mobile number as people
    type them (spaces, hyphens, full-width digits, +86); ("", "") otherwise."""
    number = normalize_phone(term)
    if _PHONE_SHAPE.match(number):
        return "phone", number
    number = normalize_identifier(term)
    if _ID_SHAPE.match(number) or guess_document_types(number):
        return "id", number
    return "", ""


def _shown(term: str) -> str:
    kind, number = _number_of(term)
    return {"id": mask_id_number, "phone": mask_phone}.get(kind, lambda _: term)(number)


class TokenSearchChangeList(ChangeList):
    """The user list searched through a posted term kept under a token (zhicheng.common.search):
    ``?s=`` is the search, not a field lookup."""

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        lookup_params.pop(TOKEN_PARAM, None)
        return lookup_params


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["real_name", "email", "is_active", "must_change_password"]

    def clean_real_name(self):
        return validate_person_name(self.cleaned_data["real_name"], latin_allowed=self.instance.name_may_be_latin)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Accounts are created through registration and services; the admin only browses them.

    Administrator duties are set by the security administrator on their own page (三权分立),
    so ``admin_duty`` is read-only here, where the system administrator works. Every change made
    here (e.g. deactivating an account) is written to the audit log.
    """

    audit_action_prefix = "account.admin"
    change_list_template = "admin/accounts/user/change_list.html"
    form = UserAdminForm

    list_display = ["real_name", "masked_id_number", "masked_phone", "admin_duty", "is_active", "date_joined"]
    list_filter = ["admin_duty", "is_active", "is_staff"]
    search_fields = ["real_name"]
    search_help_text = "姓名（包含），或完整的身份证号码、手机号码"
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

    # -- search: by POST, never in the URL -----------------------------------------------------
    def get_changelist(self, request, **kwargs):
        return TokenSearchChangeList

    def changelist_view(self, request, extra_context=None):
        """The search box is posted (it takes ID and phone numbers); the list then shows the
        results under ``?s=<token>``. A ``?q=`` typed into the address is not searched."""
        if request.method == "POST" and "zc_search" in request.POST:
            return search_criteria(request, scope=SEARCH_SCOPE).redirect
        criteria = search_criteria(request, scope=SEARCH_SCOPE)
        request.zc_search_term = (
            (criteria.data or {}).get("q", "") if criteria.data and request.GET.get(TOKEN_PARAM) else ""
        )
        extra = {"zc_search_shown": _shown(request.zc_search_term), "zc_search_expired": criteria.expired}
        return super().changelist_view(request, extra_context={**(extra_context or {}), **extra})

    def get_search_results(self, request, queryset, search_term):
        """By the posted term only: a full ID number or mobile number finds its account by the
        keyed hash (numbers are encrypted at rest); anything else searches names."""
        term = getattr(request, "zc_search_term", "")
        if not term:
            return queryset, False
        kind, number = _number_of(term)
        if kind == "id":  # any document type, the account's own or linked at a window
            return queryset.filter(pk__in=users_holding_documents(typed_document_digests(number)).values("pk")), False
        if kind == "phone":
            return queryset.filter(phone_digest=phone_digest(number)), False
        return queryset.filter(real_name__contains=term.strip()), False


@admin.register(AccountRecovery)
class AccountRecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "method", "organisation", "staff", "id_card_checked"]
    list_filter = ["method"]


@admin.register(LinkedDocument)
class LinkedDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: documents are linked at the service window (audited), never here."""

    list_display = ["created_at", "user", "document_type", "masked_number", "organisation", "staff"]
    list_filter = ["document_type"]
    exclude = ["number", "digest"]
    readonly_fields = ["user", "document_type", "masked_number", "nationality", "staff", "organisation", "reason",
                       "card_checked", "created_at"]

    @admin.display(description="证件号码")
    def masked_number(self, obj):
        return obj.masked_number


# Authenticators are managed by their owners and reset by the security administrator (audited,
# on its own page): django-otp's admin would let the system administrator read the secret keys
# and delete devices without an audit record (三权分立).
def _unregister_totp_admin() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)


_unregister_totp_admin()


def _axes_in_chinese() -> None:
    from .admin_axes import axes_labels_apply

    axes_labels_apply()


_axes_in_chinese()
