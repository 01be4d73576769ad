from django.urls import path

from . import views
from .views import leads

app_name = "crm"
urlpatterns = [
    path("", views.InvestorListView.as_view(), name="list"),
    path("new/", views.investor_create, name="create"),
    path("duplicates/", views.investor_duplicates, name="duplicates"),
    path("<int:pk>/", views.investor_detail, name="detail"),
    path("<int:pk>/edit/", views.investor_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:pk>/interactions/new/", views.interaction_add, name="interaction_add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    # Leads from the public site and video-meeting slots.
    path("leads/", leads.lead_list, name="leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead"),
    path("leads/<int:pk>/answered/", leads.lead_answered, name="lead_answered"),
    path("leads/<int:pk>/close/", leads.lead_close, name="lead_close"),
    path("leads/<int:pk>/convert/", leads.lead_convert, name="lead_convert"),
    path("slots/", leads.slot_list, name="slots"),
    path("slots/<int:pk>/withdraw/", leads.slot_withdraw, name="slot_withdraw"),
]
