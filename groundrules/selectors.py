"""Reads of ground rules and agreements, and the screen built from a session's current rules."""

from functools import lru_cache

from django.db.models import Exists, OuterRef, Subquery

from .models import Agreement, RuleSetVersion
from .screen import RuleSpec, Screen


def ruleset_current(*, session) -> RuleSetVersion | None:
    return (
        RuleSetVersion.objects.filter(session=session).order_by("-number").prefetch_related("rules").first()
    )


def _current_version_id(session) -> Subquery:
    """The id of the session's newest rules version, as a subquery (`session`: a model or an OuterRef)."""
    return Subquery(RuleSetVersion.objects.filter(session=session).order_by("-number").values("pk")[:1])


def agreement_to_current(*, session, user) -> Agreement | None:
    """`user`'s agreement to the session's current version of the rules, or None (one query)."""
    if not user.is_authenticated:
        return None
    return Agreement.objects.filter(version=_current_version_id(session), user=user).first()


def agreed_to_current(*, user) -> Exists:
    """Whether `user` agreed to the current rules of the outer query's session: an expression to
    annotate a query of memberships with (sessions.access reads a membership and this in one query)."""
    return Exists(
        Agreement.objects.filter(version=_current_version_id(OuterRef(OuterRef("session"))), user=user)
    )


def agreements_record(*, session):
    """Every agreement to every version of the session's rules: who, which version, when."""
    return (
        Agreement.objects.filter(version__session=session)
        .select_related("user", "user__company", "version")
        .order_by("version__number", "agreed_at")
    )


def screen_for_session(*, session_id: int) -> Screen:
    """The screen for the session's current rules, compiled once per rules version."""
    # Only the id is needed here: it is the cache key, and the rules load once per version.
    version_id = (
        RuleSetVersion.objects.filter(session_id=session_id)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if version_id is None:
        from .screen import default_screen

        return default_screen()
    return _screen_for_version(version_id)


@lru_cache(maxsize=256)
def _screen_for_version(version_id: int) -> Screen:
    # Versions never change once written, so a compiled screen stays valid for its version.
    version = RuleSetVersion.objects.prefetch_related("rules").get(pk=version_id)
    return Screen(
        RuleSpec(slug=r.slug, title=r.title, watch_phrases=tuple(r.watch_phrases), builtin=r.builtin)
        for r in version.rules.all()
    )


def rule_titles(*, session_id: int | None) -> dict[str, str]:
    """slug -> title of the session's current rules (the defaults without a session)."""
    from .defaults import DEFAULT_RULES

    if session_id is not None:
        version = RuleSetVersion.objects.filter(session_id=session_id).order_by("-number").first()
        if version is not None:
            return dict(version.rules.values_list("slug", "title"))
    return {rule["slug"]: rule["title"] for rule in DEFAULT_RULES}
