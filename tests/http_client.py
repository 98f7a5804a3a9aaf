"""Just enough of a browser for tests against real servers: cookies, forms with their CSRF token,
no redirects followed."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


class Browser:
    """Just enough of a browser for a login form: cookies, and the CSRF token from the page."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def get(self, path: str):
        return self._open(urllib.request.Request(self.base_url + path))

    def log_in(self, email: str, password: str) -> str:
        page = self.get("/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
        request = urllib.request.Request(
            self.base_url + "/accounts/login/", data=body.encode(), headers={"Referer": self.base_url + "/"}
        )
        return self._open(request).read().decode()

    def cookie(self, name: str) -> str | None:
        for cookie in self.jar:
            if cookie.name == name:
                return cookie.value
        return None

    def _open(self, request):
        try:
            return self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            return error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
