"""The site's URLs: staff pages by app, the API, and authentication."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from yunzhao.core import views as core_views

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("yunzhao.api.urls")),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", core_views.home, name="home"),
    path("projects/", include("yunzhao.projects.urls")),
    path("investors/", include("yunzhao.crm.urls")),
    path("ledger/", include("yunzhao.ledger.urls")),
    path("campaigns/", include("yunzhao.campaigns.urls")),
    path("reach/", include("yunzhao.reach.urls")),
    path("stats/", include("yunzhao.stats.urls")),
    path("t/", include("yunzhao.audience.beacon_urls")),
    path("audience/", include("yunzhao.audience.urls")),
    path("live/", include("yunzhao.audience.public_urls")),
    path("dashboard/", include("yunzhao.dashboards.urls")),
    path("reports/", include("yunzhao.reports.urls")),
    path("content/", include("yunzhao.publishing.urls")),
    path("", include("yunzhao.portal.urls")),
]
