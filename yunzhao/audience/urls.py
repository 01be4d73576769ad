"""Staff pages of the live audience (the public beacon is ``/t/``, in ``beacon_urls.py``)."""

from django.urls import path

from . import views

app_name = "audience"
urlpatterns = [
    path("", views.index, name="index"),
    path("events/<int:event_id>/", views.event_live, name="event_live"),
    path("events/<int:event_id>/figures.json", views.event_figures, name="event_figures"),
    path("events/<int:event_id>/stream/", views.event_stream, name="event_stream"),
    path("events/<int:event_id>/report.xlsx", views.event_report_xlsx, name="event_report"),
    path("events/<int:event_id>/share/", views.event_share, name="event_share"),
    path("events/<int:event_id>/share/<slug:code>/qr.svg", views.share_qr, {"kind": "svg"}, name="share_qr"),
    path("events/<int:event_id>/share/<slug:code>/qr.png", views.share_qr, {"kind": "png"}, name="share_qr_png"),
    path("events/<int:event_id>/share/<slug:code>/poster.png", views.share_poster, name="share_poster"),
    path("campaigns/<int:campaign_id>/", views.campaign_live, name="campaign_live"),
    path("campaigns/<int:campaign_id>/figures.json", views.campaign_figures, name="campaign_figures"),
    path("campaigns/<int:campaign_id>/stream/", views.campaign_stream, name="campaign_stream"),
]
