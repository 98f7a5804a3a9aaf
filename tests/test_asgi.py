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
