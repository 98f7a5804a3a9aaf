from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from sessions.views.after import reminders_unsubscribe
from sessions.views.invitations import invitation_landing

from . import views

# The admin signs in through allauth's login, which is rate-limited (Django's own admin login is not).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("sessions/", include("sessions.urls")),
    path("sessions/", include("groundrules.urls")),
    path("invitations/<str:token>/", invitation_landing, name="invitation"),
    path("reminders/unsubscribe/<str:token>/", reminders_unsubscribe, name="reminders_unsubscribe"),
    path("admin/", admin.site.urls),
]
