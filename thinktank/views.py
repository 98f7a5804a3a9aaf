from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sessions.services.demo import DEMO_FACILITATOR_EMAIL

from .accounts.models import User


def home(request: HttpRequest) -> HttpResponse:
    """What ThinkTank is, and the way in: sign in, or try the demo on a development machine."""
    demo = None
    if settings.DEBUG and User.objects.filter(email=DEMO_FACILITATOR_EMAIL).exists():
        demo = {"email": DEMO_FACILITATOR_EMAIL, "password": settings.DEMO_PASSWORD}
    return render(request, "home.html", {"demo": demo})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and docker-compose: answers 200 when the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
