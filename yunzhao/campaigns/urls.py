from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("events/<int:pk>/streams/", views.stream_add, name="stream_add"),
    path("events/<int:pk>/materials/", views.material_add, name="material_add"),
    path("events/<int:pk>/guests/", views.guest_add, name="guest_add"),
    path("events/<int:pk>/signings/", views.signing_add, name="signing_add"),
    path("guests/<int:pk>/register/", views.guest_register, name="guest_register"),
    path("guests/<int:pk>/attended/", views.guest_attended, name="guest_attended"),
    path("signings/", views.signing_list, name="signings"),
    path("signings/<int:pk>/agreement/", views.agreement, name="agreement"),
]
