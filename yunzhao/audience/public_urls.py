"""``/live/``: the public live counter of events on the portal (no login; totals only)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:event_id>.json", views.live_counter, name="live_counter"),
]
