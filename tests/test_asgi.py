"""The ASGI application serves Django's HTTP pages."""

import pytest
from channels.testing import HttpCommunicator

from thinktank.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def test_http_home_page_through_asgi():
    response = await HttpCommunicator(
        application, "GET", "/", headers=[(b"host", b"testserver")]
    ).get_response()
    assert response["status"] == 200
    assert b"ThinkTank" in response["body"]


async def test_health_check_answers_when_the_database_does():
    response = await HttpCommunicator(
        application, "GET", "/healthz", headers=[(b"host", b"testserver")]
    ).get_response()
    assert response["status"] == 200
    assert response["body"] == b"ok"


@pytest.mark.django_db
def test_error_pages_use_the_site_layout_and_say_what_happened(client, open_session, participant_of):
    client.force_login(participant_of(open_session))
    missing = client.get("/sessions/999999/")
    assert missing.status_code == 404 and "Not found" in missing.content.decode()
    forbidden = client.get(f"/sessions/{open_session.pk}/edit/")
    assert forbidden.status_code == 403
    assert "facilitators can do that" in forbidden.content.decode()
    assert "ThinkTank" in forbidden.content.decode()
