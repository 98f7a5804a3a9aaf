from django.urls import path

from . import views

app_name = "groundrules"

urlpatterns = [
    path("<int:session_id>/ground-rules/", views.agree, name="agree"),
    path("<int:session_id>/ground-rules/edit/", views.edit, name="edit"),
]
