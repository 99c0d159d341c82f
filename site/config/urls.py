from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from accounts import views as account_views
from core import views as core_views
from official_statistics.sitemaps import OutcomeSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", core_views.search, name="search"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("feedback/", core_views.feedback, name="feedback"),
    path("feedback/sent/", core_views.feedback_sent, name="feedback_sent"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("assessments/", include("fidelity.urls")),
    path("assessments/", include("cohorts.council_review_urls")),
    path("review/", include("cohorts.urls")),
    path("review/", include("cohorts.export_urls")),
    path("review/", include("outcomes.review_urls")),
    path("api/v1/", include("cohorts.api_urls")),
    path("milestones/", include("cohorts.plan_urls")),
    path("statistics/", include("outcomes.upload_urls")),
    path("returns/", include("outcomes.returns_urls")),
    path("outcomes/", include("official_statistics.outcome_urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"wagtail": WagtailSitemap, "outcomes": OutcomeSitemap}},
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        account_views.RequestPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        account_views.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.ResetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("accounts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page view, the site found through the cache first; its other views as they are.
    re_path(serve_pattern, core_views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
