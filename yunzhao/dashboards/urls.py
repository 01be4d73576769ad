from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data, name="data"),
    path("screen/", views.screen, name="screen"),
    path("screen/data/", views.screen_data, name="screen_data"),
]
