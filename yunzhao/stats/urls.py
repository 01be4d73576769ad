from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.figures_page, name="figures"),
    path("records/<slug:code>/", views.records, name="records"),
    path("bulletin/", views.bulletin_page, name="bulletin"),
    path("provincial/", views.provincial, name="provincial"),
]
