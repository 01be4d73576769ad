from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("board/", views.board, name="board"),
    path("scheduling/", views.scheduling, name="scheduling"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/stage/", views.change_stage, name="stage"),
    path("<int:pk>/capital/", views.record_capital, name="capital"),
    path("<int:pk>/scheduling/", views.submit_scheduling_update, name="schedule_update"),
]
