from django.urls import path

from .views import after, downloads, invitations, preparation, safeguards, screen, series, sessions

app_name = "sessions"

urlpatterns = [
    path("", sessions.my_sessions, name="mine"),
    path("action-items/", after.my_action_items, name="my_action_items"),
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
    path("<int:session_id>/members/<int:user_id>/remove/", preparation.member_remove, name="member_remove"),
    path("<int:session_id>/summary/", after.summary, name="summary"),
    path("<int:session_id>/action-items/<int:item_id>/", after.action_item_act, name="action_item_act"),
    path("<int:session_id>/minutes/", after.minutes_page, name="minutes"),
    path("<int:session_id>/action-items/mine.csv", downloads.my_items_csv, name="my_items_csv"),
    path("<int:session_id>/action-items/mine.ics", downloads.my_items_ics, name="my_items_ics"),
    path("<int:session_id>/action-items/mine.pdf", downloads.my_items_pdf, name="my_items_pdf"),
    path("<int:session_id>/action-items/all.csv", downloads.all_items_csv, name="all_items_csv"),
    path("<int:session_id>/minutes.md", downloads.minutes_md, name="minutes_md"),
    path("<int:session_id>/minutes.pdf", downloads.minutes_pdf, name="minutes_pdf"),
    path("<int:session_id>/attendance.csv", downloads.attendance_csv, name="attendance_csv"),
    # Issue 12: a series, the interim export.
    path("<int:session_id>/plan-next/", series.plan_next, name="plan_next"),
    path("<int:session_id>/commitments/", series.commitments, name="commitments"),
    path("<int:session_id>/interim/ideas.csv", downloads.interim_ideas_csv, name="interim_ideas_csv"),
    path(
        "<int:session_id>/interim/decisions.csv",
        downloads.interim_decisions_csv,
        name="interim_decisions_csv",
    ),
    path("<int:session_id>/agenda/approval/", safeguards.agenda_approval, name="agenda_approval"),
    path("<int:session_id>/legal-hold/", safeguards.legal_hold, name="legal_hold"),
    path("<int:session_id>/screen/", screen.screen_report, name="screen_report"),
    path("<int:session_id>/screen/decisions.jsonl", screen.screen_decisions_export, name="screen_decisions"),
]
