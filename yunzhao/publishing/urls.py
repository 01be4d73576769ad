from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.item_list, name="list"),
    path("<slug:kind>/new/", views.item_create, name="create"),
    path("<slug:kind>/<int:pk>/", views.item_detail, name="detail"),
    path("<slug:kind>/<int:pk>/edit/", views.item_edit, name="edit"),
    path("<slug:kind>/<int:pk>/publish/", views.item_publish, name="publish"),
    path("<slug:kind>/<int:pk>/unpublish/", views.item_unpublish, name="unpublish"),
    path("<slug:kind>/<int:pk>/discard/", views.item_discard, name="discard"),
]
