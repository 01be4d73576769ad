"""Public URLs: every page under its language, ``/zh/…`` or ``/en/…``; QR codes at the root."""

from django.urls import path, register_converter

from . import views
from .pages import LangConverter

register_converter(LangConverter, "lang")

app_name = "portal"
urlpatterns = [
    path("<lang:lang>/", views.home, name="home"),
    path("<lang:lang>/zones/", views.zone_list, name="zones"),
    path("<lang:lang>/zones/<slug:code>/", views.zone_detail, name="zone"),
    path("<lang:lang>/policies/", views.policy_list, name="policies"),
    path("<lang:lang>/policies/<int:pk>/", views.policy_detail, name="policy"),
    path("<lang:lang>/opportunities/", views.opportunity_list, name="opportunities"),
    path("<lang:lang>/opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("<lang:lang>/events/", views.event_list, name="events"),
    path("<lang:lang>/events/<int:pk>/", views.event_detail, name="event"),
    path("<lang:lang>/videos/", views.video_library, name="videos"),
    path("<lang:lang>/news/", views.news_list, name="news_list"),
    path("<lang:lang>/news/<int:pk>/", views.news_detail, name="news"),
    path("<lang:lang>/search/", views.search, name="search"),
    path("<lang:lang>/privacy/", views.privacy, name="privacy"),
    path("<lang:lang>/interest/<slug:kind>/<int:pk>/", views.interest, name="interest"),
    path("<lang:lang>/interest/thanks/<str:reference>/", views.thanks, name="thanks"),
    path("<lang:lang>/meetings/<str:reference>/", views.meeting, name="meeting"),
    path("qr.svg", views.qr, {"kind": "svg"}, name="qr"),
    path("qr.png", views.qr, {"kind": "png"}, name="qr_png"),
]
