from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("", views.my_sessions, name="mine"),
    path("new/", views.session_create, name="create"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/edit/", views.session_edit, name="edit"),
    path("<int:session_id>/open/", views.session_open, name="open"),
]
