from django.urls import path

from . import views

app_name = "reach"


def subject_paths(prefix: str, kind: str) -> list:
    """The same pages for an event and for a campaign: ``reach:event``, ``reach:event-rows``…"""
    return [
        path(f"{prefix}/<int:pk>/", views.reach_page, {"kind": kind}, name=kind),
        path(f"{prefix}/<int:pk>/publications/", views.publication_add, {"kind": kind}, name=f"{kind}-publication"),
        path(f"{prefix}/<int:pk>/snapshots/", views.snapshot_grid, {"kind": kind}, name=f"{kind}-grid"),
        path(f"{prefix}/<int:pk>/rows/", views.rows_page, {"kind": kind}, name=f"{kind}-rows"),
        path(f"{prefix}/<int:pk>/bulletin/", views.bulletin, {"kind": kind}, name=f"{kind}-bulletin"),
        path(f"{prefix}/<int:pk>/chart.json", views.chart_data, {"kind": kind}, name=f"{kind}-chart"),
    ]


urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("channels/", views.ChannelListView.as_view(), name="channels"),
    path("channels/new/", views.channel_create, name="channel-create"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel-edit"),
    path("outlets/<int:pk>/edit/", views.outlet_edit, name="outlet-edit"),
    path("import/", views.import_snapshots, name="import"),
    path("import/template.csv", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_report, name="import-report"),
    *subject_paths("events", "event"),
    *subject_paths("campaigns", "campaign"),
]
