"""``/t/``: the public beacon (no login, no CSRF token: pages of other sites send it too)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.beacon, name="beacon"),
]
