"""Views that belong to no domain: home, login, health."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache

from yunzhao.orgs.choices import Role


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Send staff to the page their role starts from, and visitors to the public site in their language."""
    if not request.user.is_authenticated:
        language = get_language_from_request(request)
        return redirect("portal:home", lang="en" if language.startswith("en") else "zh")
    if request.user.role == Role.LEADER:
        return redirect("dashboards:index")
    if request.user.sees_ledger:
        return redirect("projects:ledger")
    return redirect("campaigns:list")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The staff login page (failures are counted by django-axes)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
