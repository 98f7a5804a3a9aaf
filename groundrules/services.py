"""Writes to ground rules: the default set, new versions, and agreements."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .defaults import ANTITRUST_STATEMENT, DEFAULT_RULES
from .models import Agreement, Rule, RuleSetVersion
from .selectors import ruleset_current

MAX_RULES = 30
MAX_PHRASES = 50


@dataclass(frozen=True)
class RuleDraft:
    title: str
    description: str = ""
    watch_phrases: tuple[str, ...] = ()
    builtin: bool = True
    slug: str = ""  # kept for existing rules; made from the title for new ones


def ruleset_create_default(*, session, by) -> RuleSetVersion:
    """Version 1 of a new session's rules: a copy of the defaults."""
    drafts = [
        RuleDraft(title=r["title"], description=r["description"], slug=r["slug"]) for r in DEFAULT_RULES
    ]
    return _version_write(session=session, by=by, antitrust_statement=ANTITRUST_STATEMENT, rules=drafts)


def ruleset_copy(*, session, source, by) -> RuleSetVersion:
    """Version 1 of a session that follows `source` (a series): the very rules `source` has now,
    word for word (slugs, watch phrases, statement). A version of its own: everyone agrees to it in
    the new session before entering its room."""
    current = ruleset_current(session=source)
    if current is None:
        return ruleset_create_default(session=session, by=by)
    drafts = [
        RuleDraft(
            title=rule.title,
            description=rule.description,
            watch_phrases=tuple(rule.watch_phrases),
            builtin=rule.builtin,
            slug=rule.slug,
        )
        for rule in current.rules.all()
    ]
    return _version_write(
        session=session, by=by, antitrust_statement=current.antitrust_statement, rules=drafts
    )


def ruleset_revise(*, session, by, antitrust_statement: str, rules: Sequence[RuleDraft]) -> RuleSetVersion:
    """Make a new version of the rules if anything changed; everyone must then agree again.

    Only facilitators, and only before the session goes live. Returns the current version, new or not.
    """
    from sessions.access import Act, session_access
    from sessions.services.sessions import EDITABLE_STATES

    session_access(session=session, user=by, act=Act.EDIT)
    if session.state not in EDITABLE_STATES:
        raise ValidationError("Ground rules can only change before the session goes live.")
    current = ruleset_current(session=session)
    if current is not None and _same(current, antitrust_statement, rules):
        return current
    version = _version_write(session=session, by=by, antitrust_statement=antitrust_statement, rules=rules)
    _recheck_room_sockets(session)
    return version


def agreement_accept(*, session, user, typed_name: str) -> Agreement:
    """Record `user`'s agreement to the session's current rules, signed with their full name."""
    from sessions.access import Act, session_access

    session_access(session=session, user=user, act=Act.AGREE)
    if _normalise_name(typed_name) != _normalise_name(user.name):
        raise ValidationError({"typed_name": f"Type your full name exactly as “{user.name}” to agree."})
    version = ruleset_current(session=session)
    if version is None:
        raise ValidationError("This session has no ground rules to agree to yet.")
    existing = Agreement.objects.filter(version=version, user=user).first()
    if existing:
        return existing
    from sessions.services.record import record_append

    try:
        with transaction.atomic():
            locked = type(session).objects.select_for_update().get(pk=session.pk)  # orders the record
            agreement = Agreement.objects.create(
                version=version, user=user, typed_name=" ".join(typed_name.split())
            )
            record_append(
                session=locked,
                kind="agreement",
                payload={"user": user.pk, "version": version.number, "typed_name": agreement.typed_name},
            )
            return agreement
    except IntegrityError:  # agreed twice at once: the first one stands
        return Agreement.objects.get(version=version, user=user)


def screen_check(*, session_id: int | None, fields: dict[str, str]) -> None:
    """Text everyone in a session reads (buy-in answers, the session's title, purpose and agenda)
    passes the same ground-rule screen as ideas; what may touch a rule is refused with the rule and
    the words, for its author to rephrase. Without a session (yet), the default rules screen it."""
    from .screen import default_screen
    from .selectors import rule_titles, screen_for_session

    screen = screen_for_session(session_id=session_id) if session_id is not None else default_screen()
    titles = None
    errors: dict[str, list[str]] = {}
    for field, text in fields.items():
        result = screen.screen(text or "")
        if not result.held:
            continue
        titles = titles if titles is not None else rule_titles(session_id=session_id)
        hit = result.hits[0]
        errors.setdefault(field, []).append(
            f"\N{LEFT DOUBLE QUOTATION MARK}{hit.matched}\N{RIGHT DOUBLE QUOTATION MARK} may touch the ground "
            f"rule \N{LEFT DOUBLE QUOTATION MARK}{titles.get(hit.rule, hit.rule)}\N{RIGHT DOUBLE QUOTATION MARK}: "
            "rephrase it, please."
        )
    if errors:
        raise ValidationError(errors)


def _recheck_room_sockets(session) -> None:
    """Everyone must agree to the new version: sockets already in the room check their admission
    again (after commit) and close for those who have not."""
    from sessions.services.room_events import group_send, room_group

    transaction.on_commit(lambda: group_send(room_group(session.pk), {"type": "admission.recheck"}))


def _version_write(*, session, by, antitrust_statement: str, rules: Sequence[RuleDraft]) -> RuleSetVersion:
    statement = antitrust_statement.strip()
    if not statement:
        raise ValidationError({"antitrust_statement": "The antitrust statement cannot be empty."})
    if not rules:
        raise ValidationError("Keep at least one ground rule.")
    if len(rules) > MAX_RULES:
        raise ValidationError(f"A session has at most {MAX_RULES} ground rules.")
    with transaction.atomic():
        # Lock the session row: two facilitators saving at once get consecutive version numbers.
        type(session).objects.select_for_update().get(pk=session.pk)
        latest = RuleSetVersion.objects.filter(session=session).order_by("-number").first()
        version = RuleSetVersion.objects.create(
            session=session,
            number=(latest.number + 1) if latest else 1,
            antitrust_statement=statement,
            created_by=by,
        )
        slugs: set[str] = set()
        for position, draft in enumerate(rules, start=1):
            slug = _unique_slug(draft.slug or slugify(draft.title), slugs)
            Rule.objects.create(
                version=version,
                position=position,
                slug=slug,
                title=_required(draft.title, "Every rule needs a title."),
                description=draft.description.strip(),
                watch_phrases=_clean_phrases(draft.watch_phrases),
                builtin=draft.builtin,
            )
    return version


def _same(current: RuleSetVersion, statement: str, rules: Sequence[RuleDraft]) -> bool:
    existing = [
        (r.slug, r.title, r.description, list(r.watch_phrases), r.builtin) for r in current.rules.all()
    ]
    proposed = [
        (d.slug, d.title.strip(), d.description.strip(), _clean_phrases(d.watch_phrases), d.builtin)
        for d in rules
    ]
    return current.antitrust_statement == statement.strip() and existing == proposed


def _clean_phrases(phrases: Sequence[str]) -> list[str]:
    cleaned = []
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        if phrase and phrase.lower() not in {p.lower() for p in cleaned}:
            cleaned.append(phrase[:80])
    if len(cleaned) > MAX_PHRASES:
        raise ValidationError(f"A rule has at most {MAX_PHRASES} words or phrases to watch for.")
    return cleaned


def _unique_slug(base: str, taken: set[str]) -> str:
    base = (base or "rule")[:40]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _required(value: str, message: str) -> str:
    if not value.strip():
        raise ValidationError(message)
    return value.strip()


def _normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"\s+", " ", name).strip()
