"""What production needs from several server processes: login rate limits that hold across them,
and database connections that do not pile up under ASGI."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from tests.asgi_servers import database_url, start_uvicorn
from tests.http_client import Browser

pytestmark = pytest.mark.django_db(transaction=True)

TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def servers(tmp_path):
    from django.core.cache import cache

    cache.clear()  # the shared cache is a table the test database keeps between tests
    started = []

    def start(count: int = 1, **environment):
        for _ in range(count):
            server = start_uvicorn(
                settings_dict=connection.settings_dict,
                log=tmp_path / f"uvicorn-{len(started)}.log",
                SECRET_KEY=settings.SECRET_KEY,
                **environment,
            )
            started.append(server)
            server.wait_healthy()
        return started[-count:]

    yield start
    for server in started:
        server.stop()
    cache.clear()


def test_failed_logins_are_counted_across_server_processes(servers, user, password):
    first, second = servers(2, TEST_RATE_LIMITS="1")
    browsers = [Browser(first.url), Browser(second.url)]
    for attempt in range(5):  # allauth allows 5 failures per address in 5 minutes
        page = browsers[attempt % 2].log_in(user.email, "wrong password")
        assert TOO_MANY not in page
    for browser in browsers:
        assert TOO_MANY in browser.log_in(user.email, "still wrong")
        assert TOO_MANY in browser.log_in(user.email, password)  # even the right one waits


def test_the_admin_signs_in_through_the_rate_limited_login(servers):
    (server,) = servers(1)
    response = Browser(server.url).get("/admin/login/")
    assert response.status == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_database_connections_do_not_pile_up_one_per_request(servers):
    name = "thinktank-conn-test"
    url = database_url(connection.settings_dict) + f"?application_name={name}"
    (server,) = servers(1, DATABASE_URL=url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: Browser(server.url).get("/healthz").status, range(150)))
    assert set(statuses) == {200}
    time.sleep(0.5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        (open_connections,) = cursor.fetchone()
    assert open_connections <= 2
