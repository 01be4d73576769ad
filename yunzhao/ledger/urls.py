from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.report, name="report"),
    path("import/<int:pk>/apply/", views.apply, name="apply"),
    path("export/", views.export, name="export"),
]
