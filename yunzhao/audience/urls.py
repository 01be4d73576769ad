from django.urls import path

from yunzhao.core.placeholders import under_construction

app_name = "audience"
urlpatterns = [
    path("", under_construction, name="index"),
]
