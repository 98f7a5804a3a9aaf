"""The screen's report card for facilitators and counsel: per-rule precision and recall from their
own decisions, and the opt-in export of those decisions (no names) for retraining."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from groundrules.selectors import rule_titles

from ..access import Act, NotFound, session_access
from ..models import ModerationDecision, Role
from ..screen_quality import decisions_for_training, screen_quality


@require_safe
@login_required
def screen_report(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_access(session_id=session_id, user=request.user, act=Act.SEE_SCREEN_QUALITY).session
    titles = rule_titles(session_id=session.pk)
    mine = ModerationDecision.objects.filter(
        idea__session__memberships__user=request.user,
        idea__session__memberships__role__in=[Role.FACILITATOR, Role.COUNSEL],
    )
    context = {
        "session": session,
        "this_session": screen_quality(
            decisions=ModerationDecision.objects.filter(idea__session=session), titles=titles
        ),
        "all_mine": screen_quality(decisions=mine, titles=titles),
    }
    return render(request, "sessions/screen_report.html", context)


@require_safe
@never_cache
@login_required
def screen_decisions_export(request: HttpRequest, session_id: int) -> HttpResponse:
    """JSON Lines of this session's decisions, if the session opted in to sharing them."""
    session = session_access(session_id=session_id, user=request.user, act=Act.SEE_SCREEN_QUALITY).session
    if not session.share_screen_decisions:
        raise NotFound("This session does not share its decisions.")
    rows = decisions_for_training(ModerationDecision.objects.filter(idea__session=session))
    body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thinktank-{session.pk}-screen-decisions.jsonl"'
    return response
