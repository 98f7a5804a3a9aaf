"""allauth customised through its adapter (cookiecutter-django's way), never by copying its views."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per address, whatever host name the request used.

        allauth prefixes the key with the request's host (there is no sites framework here), so each
        host name of ALLOWED_HOSTS, or each port, had its own five attempts. Overrides a private
        method: allauth is pinned below 66 and tests/test_deployment.py holds the behaviour.
        """
        return credentials.get("email", credentials.get("username", "")).lower()
