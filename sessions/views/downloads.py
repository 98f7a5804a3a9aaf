"""Downloads: a participant's own action items (CSV, iCalendar, PDF); for facilitators all of a
session's action items; for facilitators and counsel the minutes (Markdown, PDF) and the interim
export (ideas and decisions so far, CSV).

Whoever takes no part in the session gets a 404: its existence stays private. Someone else's files
answer 404 too; the interim export answers a participant 403 (they know the session, and may be told
that the file is the moderators').
"""

import base64
import hashlib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import exports, selectors
from ..access import Act, NotFound, session_access
from ..models import Session
from ..services.minutes import minutes_on_record, minutes_visible
from ..summary import minutes_data

CSV = "text/csv; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
PDF = "application/pdf"
MARKDOWN = "text/markdown; charset=utf-8"


def _attachment(content: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(text: str, *, filename: str) -> HttpResponse:
    # The byte-order mark makes Excel read the file as UTF-8 (accents, quotes) instead of Windows-1252.
    return _attachment(text.encode("utf-8-sig"), content_type=CSV, filename=filename)


def _my_items(request: HttpRequest, session_id: int) -> tuple[Session, list]:
    """The requester's own items in a session they take part in (else 404)."""
    session = session_access(session_id=session_id, user=request.user, act=Act.DOWNLOAD_OWN_ITEMS).session
    return session, list(selectors.action_items_of_owner(user=request.user, session=session))


def _my_filename(session: Session, ext: str) -> str:
    return f"thinktank-{session.pk}-my-action-items.{ext}"


@require_safe
@never_cache
@login_required
def my_items_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session, items = _my_items(request, session_id)
    return _csv(exports.action_items_csv(items), filename=_my_filename(session, "csv"))


@require_safe
@never_cache
@login_required
def my_items_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    session, items = _my_items(request, session_id)
    return _attachment(
        exports.action_items_ics(items), content_type=ICS, filename=_my_filename(session, "ics")
    )


@require_safe
@never_cache
@login_required
def my_items_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session, items = _my_items(request, session_id)
    pdf = exports.action_items_pdf(items, title=f"My action items: {session.title}", person=request.user.name)
    return _attachment(pdf, content_type=PDF, filename=_my_filename(session, "pdf"))


@require_safe
@never_cache
@login_required
def all_items_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.DOWNLOAD_ALL_ITEMS).session
    items = selectors.action_items_of_session(session=session)
    csv = exports.action_items_csv(items, session_title_for=lambda item: session.title)
    return _csv(csv, filename=f"thinktank-{session.pk}-action-items.csv")


def _minutes_session(request: HttpRequest, session_id: int) -> Session:
    access = session_access(session_id=session_id, user=request.user, act=Act.SEE_MINUTES)
    if not minutes_visible(session=access.session, access=access):
        raise NotFound("No such file.")
    return access.session


def _minutes_file(request: HttpRequest, session_id: int, ext: str) -> HttpResponse:
    """The minutes on record (frozen at submission: the same bytes, whatever happened since), or
    the live draft before then. The Repr-Digest header carries the file's SHA-256 (RFC 9530)."""
    session = _minutes_session(request, session_id)
    content_type = MARKDOWN if ext == "md" else PDF
    record = minutes_on_record(session=session)
    if record is None:
        data = minutes_data(session=session)
        content = exports.minutes_markdown(data) if ext == "md" else exports.minutes_pdf(data)
        response = _attachment(
            content, content_type=content_type, filename=f"thinktank-{session.pk}-minutes.{ext}"
        )
        body = content.encode() if isinstance(content, str) else content
    else:
        body = record.markdown.encode() if ext == "md" else bytes(record.pdf)
        filename = f"thinktank-{session.pk}-minutes-v{record.number}.{ext}"
        response = _attachment(body, content_type=content_type, filename=filename)
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"
    return response


@require_safe
@never_cache
@login_required
def minutes_md(request: HttpRequest, session_id: int) -> HttpResponse:
    return _minutes_file(request, session_id, "md")


@require_safe
@never_cache
@login_required
def minutes_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    return _minutes_file(request, session_id, "pdf")


@require_safe
@never_cache
@login_required
def attendance_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    """The attendance register, for counsel (and the facilitators)."""
    session = session_access(session_id=session_id, user=request.user, act=Act.SEE_ATTENDANCE).session
    rows = session.attendance.select_related("user").order_by("at", "id")
    return _csv(
        exports.attendance_csv(rows, session=session), filename=f"thinktank-{session.pk}-attendance.csv"
    )


# --- the interim export: facilitators and counsel, while the session runs (others get 403) ----------


@require_safe
@never_cache
@login_required
def interim_ideas_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.EXPORT_INTERIM).session
    ideas = selectors.ideas_for_export(session=session)
    return _csv(
        exports.interim_ideas_csv(ideas, session=session), filename=f"thinktank-{session.pk}-ideas-so-far.csv"
    )


@require_safe
@never_cache
@login_required
def interim_decisions_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.EXPORT_INTERIM).session
    items = selectors.action_items_of_session(session=session).order_by("created_at", "pk")
    return _csv(
        exports.interim_decisions_csv(items, session=session),
        filename=f"thinktank-{session.pk}-decisions-so-far.csv",
    )
