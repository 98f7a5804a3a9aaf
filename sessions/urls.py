from django.urls import path

from .views import invitations, preparation, sessions

app_name = "sessions"

urlpatterns = [
    path("", sessions.my_sessions, name="mine"),
    path("new/", sessions.session_create, name="create"),
    path("<int:session_id>/", sessions.session_detail, name="detail"),
    path("<int:session_id>/edit/", sessions.session_edit, name="edit"),
    path("<int:session_id>/open/", sessions.session_open, name="open"),
    path("<int:session_id>/invitations/", invitations.invitations, name="invitations"),
    path(
        "<int:session_id>/invitations/<int:invitation_id>/resend/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:session_id>/invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:session_id>/buy-in/", preparation.buy_in, name="buy_in"),
    path("<int:session_id>/room/", preparation.room, name="room"),
    path("<int:session_id>/readiness/", preparation.readiness, name="readiness"),
]
