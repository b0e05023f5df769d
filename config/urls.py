from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "广东省职称网上申报系统 · 管理后台"
admin.site.site_title = "职称系统管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", include("zhicheng.common.urls")),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("orgs/", include("zhicheng.orgs.urls")),
    path("catalog/", include("zhicheng.catalog.urls")),
    path("profile/", include("zhicheng.profiles.urls")),
    path("cases/", include("zhicheng.cases.urls")),
    path("businesses/", include("zhicheng.businesses.urls")),
    path("evaluation/", include("zhicheng.committees.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("documents/", include("zhicheng.documents.urls")),
    path("audit/", include("zhicheng.audit.urls")),
    path("api/", include("zhicheng.exchange.urls")),
    path("calendar/", include("zhicheng.workcalendar.urls")),
    path("notices/", include("zhicheng.announcements.urls")),
    path("papers/", include("zhicheng.paper_materials.urls")),
    path("pre-notices/", include("zhicheng.pre_evaluation.urls")),
    path("fees/", include("zhicheng.fees.urls")),
    path("stats/", include("zhicheng.stats.urls")),
    path("integrity/", include("zhicheng.integrity.urls")),
    path("messages/", include("zhicheng.outbox.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "zhicheng.common.errors.bad_request"
handler403 = "zhicheng.common.errors.permission_denied"
handler404 = "zhicheng.common.errors.page_not_found"
handler500 = "zhicheng.common.errors.server_error"
