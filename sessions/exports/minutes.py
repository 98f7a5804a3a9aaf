"""The minutes of a session, from `sessions.summary.minutes_data`, as Markdown and as PDF.

Participants review the submitted minutes too, so the minutes say nothing that is not theirs to
know: an anonymous idea is never attributed (nor any idea, where the session says so), a declined
idea appears as a decision without its words or its author, and an objection without who raised
it. The full detail is in the tamper-evident record, for counsel.
"""

from datetime import datetime

from django.utils import timezone

from ..models import Decision, DecisionSource
from .action_items import item_origin, owner_company
from .blocks import H1, H2, H3, LI, NOTE, Block, P, render_markdown, render_pdf


def minutes_markdown(data: dict, *, version: str | None = None) -> str:
    return render_markdown(minutes_blocks(data, version=version))


def minutes_pdf(data: dict, *, version: str | None = None) -> bytes:
    return render_pdf(minutes_blocks(data, version=version), title=f"Minutes: {data['session'].title}")


def minutes_blocks(data: dict, *, version: str | None = None) -> list[Block]:
    """`version`: the line saying which submitted version this is; None for the live draft."""
    session = data["session"]
    blocks = [Block(H1, f"Minutes: {session.title}"), *_when(session)]
    blocks.append(
        Block(NOTE, version or f"Draft, not submitted: generated {_local(timezone.now(), session)}")
    )
    author = _unattributed if session.minutes_unattributed else _author
    blocks += [Block(H2, "Purpose"), Block(P, session.purpose)]
    blocks += _attendees(data["attendees"])
    blocks += _attendance(data["attendance"], session)
    blocks += _agenda(data["questions"], data["agenda_approval"], session)
    blocks += _commitments(data.get("commitments") or [], session)
    blocks += _agreements(data["agreements"], session)
    blocks += _acknowledgements(data["acknowledgements"], session)
    blocks += _ideas(data["questions"], data["ideas"], author)
    blocks += _decisions(data["questions"], data.get("decisions", {}))
    blocks += _objections(data["objections"], session)
    blocks += _moderation(data["moderation"], session, author)
    blocks += _action_items(data["action_items"])
    blocks += _record(session)
    return blocks


def _attendance(rows: list, session) -> list[Block]:
    """Every join and leave, with its time, role and company (and counsel's presence with it)."""
    blocks = [Block(H2, "Attendance register")]
    if not rows:
        return [*blocks, Block(P, "Nobody entered the room.")]
    for row in rows:
        what = row.get_kind_display().lower()
        line = f"{_local(row.at, session)}: {_person(row.user.name, row.company)}, {row.role}, {what}"
        if row.reason:
            line += f" ({row.reason})"
        blocks.append(Block(LI, line))
    counsel = [row for row in rows if row.role == "counsel" and row.kind == "joined"]
    blocks.append(Block(NOTE, "Counsel attended." if counsel else "Counsel did not attend."))
    return blocks


def _acknowledgements(acknowledgements: list, session) -> list[Block]:
    blocks = [Block(H2, "Antitrust statement at the start")]
    if not acknowledgements:
        return [*blocks, Block(P, "No acknowledgements recorded.")]
    blocks.append(Block(P, acknowledgements[0].statement))
    for ack in acknowledgements:
        blocks.append(Block(LI, f"{ack.user.name} acknowledged it on {_local(ack.acknowledged_at, session)}"))
    return blocks


def _objections(objections: list, session) -> list[Block]:
    """When each objection was raised, on which question, and why (not who raised it)."""
    blocks = [Block(H2, "Objections")]
    if not objections:
        return [*blocks, Block(P, "No objections were raised.")]
    for objection in objections:
        where = f" during question {objection.question.position}" if objection.question else ""
        line = f"An objection was raised on {_local(objection.raised_at, session)}{where}; the session was paused"
        if objection.reason:
            line += f". Reason given: {objection.reason}"
        blocks.append(Block(LI, line))
    return blocks


def _record(session) -> list[Block]:
    return [
        Block(H2, "Tamper-evident record"),
        Block(
            P,
            f"{session.record_length} entries; final hash (SHA-256) {session.record_head}. "
            f"Check it with: manage.py verify_record {session.pk}",
        ),
    ]


def _local(moment: datetime | None, session) -> str:
    if moment is None:
        return "unknown"
    return f"{timezone.localtime(moment, session.zone):%Y-%m-%d %H:%M} ({session.timezone})"


def _when(session) -> list[Block]:
    starts = timezone.localtime(session.starts_at, session.zone)
    ends = timezone.localtime(session.ends_at, session.zone)
    end_format = "%H:%M" if ends.date() == starts.date() else "%A %d %B %Y, %H:%M"
    blocks = [Block(P, f"{starts:%A %d %B %Y, %H:%M} to {ends.strftime(end_format)} ({session.timezone})")]
    if session.started_at:
        held = f"Held from {_local(session.started_at, session)}"
        if session.closed_at:
            held += f" to {_local(session.closed_at, session)}"
        blocks.append(Block(NOTE, held))
    return blocks


def _attendees(attendees: list) -> list[Block]:
    blocks = [Block(H2, "Attendees")]
    if not attendees:
        blocks.append(Block(P, "Nobody attended."))
    for group, memberships in attendees:
        blocks.append(Block(H3, group))
        blocks += [Block(LI, f"{m.user.name}, {m.get_role_display()}") for m in memberships]
    return blocks


def _agenda(questions: list, approval, session) -> list[Block]:
    blocks = [Block(H2, "Agenda")]
    for question in questions:
        box = f" ({question.time_box_minutes} min)" if question.time_box_minutes else ""
        blocks.append(Block(LI, f"{question.position}. {question.text}{box}"))
    if approval is not None:
        blocks.append(
            Block(
                NOTE,
                f"Approved by counsel ({approval.approved_by.name}) on {_local(approval.approved_at, session)}",
            )
        )
    return blocks


def _agreements(agreements: list, session) -> list[Block]:
    """The antitrust statement of each version people agreed to, then who agreed, and when."""
    blocks = [Block(H2, "Ground rules and antitrust statement")]
    if not agreements:
        return [*blocks, Block(P, "No agreements recorded.")]
    versions = {agreement.version.number: agreement.version for agreement in agreements}
    for number, version in sorted(versions.items()):
        blocks.append(Block(H3, f"Antitrust statement, version {number}"))
        blocks.append(Block(P, version.antitrust_statement))
    blocks.append(Block(H3, "Agreements"))
    for agreement in agreements:
        person = _person(agreement.user.name, agreement.user.company.name if agreement.user.company else "")
        blocks.append(
            Block(
                LI,
                f"{person} agreed to version {agreement.version.number} on "
                f"{_local(agreement.agreed_at, session)}, signed \N{LEFT DOUBLE QUOTATION MARK}"
                f"{agreement.typed_name}\N{RIGHT DOUBLE QUOTATION MARK}",
            )
        )
    return blocks


def _ideas(questions: list, ideas: list, author) -> list[Block]:
    blocks = [Block(H2, "Ideas")]
    for question in questions:
        blocks.append(Block(H3, f"{question.position}. {question.text}"))
        posted = [idea for idea in ideas if idea.question_id == question.pk]
        if not posted:
            blocks.append(Block(P, "No published ideas."))
        for idea in posted:
            marks = " [highlighted]" if idea.highlighted else ""
            marks += " [reply]" if idea.parent_id else ""
            blocks.append(Block(LI, f"{author(idea)}{marks}: {idea.text}"))
    return blocks


def _decisions(questions: list, decisions: dict) -> list[Block]:
    """Groups of similar ideas and dot-vote results per question (totals only: votes are anonymous)."""
    blocks = [Block(H2, "Groups and votes")]
    if not any(groups or votes for groups, votes in decisions.values()):
        return [*blocks, Block(P, "No ideas were grouped and no votes were taken.")]
    for question in questions:
        groups, votes = decisions.get(question.pk, ([], []))
        if not (groups or votes):
            continue
        blocks.append(Block(H3, f"{question.position}. {question.text}"))
        for group in groups:
            texts = "; ".join(idea.text for idea in group.ideas)
            blocks.append(
                Block(
                    LI,
                    f"Group \N{LEFT DOUBLE QUOTATION MARK}{group.title}\N{RIGHT DOUBLE QUOTATION MARK}: {texts}",
                )
            )
        for vote in votes:
            if vote.is_open:
                continue
            what = "ideas" if vote.on == "ideas" else "groups"
            several = "" if vote.stacking else ", one per item"
            blocks.append(
                Block(P, f"Dot-vote on the {what}: {vote.dots} dots each{several}, {vote.voters} voted.")
            )
            for n, (label, dots) in enumerate(vote.ranked, 1):
                blocks.append(Block(LI, f"{n}. {label}: {dots} dot{'' if dots == 1 else 's'}"))
    return blocks


def _moderation(decisions: list, session, author) -> list[Block]:
    """Every decision on every idea, in the order they were made. A released idea is public, and
    quoted; a declined one was never seen by the room, so neither its words nor its author are."""
    blocks = [Block(H2, "Moderation decisions")]
    if not decisions:
        return [*blocks, Block(P, "No moderation decisions.")]
    for decision in decisions:
        idea = decision.idea
        if decision.source == DecisionSource.SCREEN:
            rules = ", ".join(decision.screen_rules) or "no rule named"
            how = f"Held by the ground-rule screen ({rules})"
        else:
            how = "Flagged by participants"
        if decision.decision == Decision.RELEASE:
            what = (
                f"\N{LEFT DOUBLE QUOTATION MARK}{idea.text}\N{RIGHT DOUBLE QUOTATION MARK} by {author(idea)}"
            )
        else:
            what = "an idea (its words stay with its author and the moderators)"
        line = (
            f"{how}: {what}. "
            f"{decision.get_decision_display()} by {decision.decided_by.name} on {_local(decision.decided_at, session)}"
        )
        if decision.reason:
            line += f". Reason: {decision.reason}"
        blocks.append(Block(LI, line))
    return blocks


def _commitments(commitments: list, session) -> list[Block]:
    """The earlier session's open action items and where each owner said it stands (only reports
    that passed the screen or were released: the minutes are read by everyone)."""
    if not commitments:
        return []
    earlier = session.follows.title if session.follows else "the earlier session"
    blocks = [Block(H2, f"Review of our commitments from {earlier}")]
    for view in commitments:
        item, latest = view.item, view.latest
        line = f"{item.title}: {_person(item.owner.name, owner_company(item))}"
        if latest is None:
            line += ", no progress reported"
        else:
            line += (
                f", {latest.get_progress_display().lower()} (reported {_local(latest.created_at, session)})"
            )
            if latest.note:
                line += f": {latest.note}"
        blocks.append(Block(LI, line))
    return blocks


def _action_items(items: list) -> list[Block]:
    blocks = [Block(H2, "Action items")]
    if not items:
        return [*blocks, Block(P, "No action items.")]
    for item in items:
        due = f"due {item.due_date.isoformat()}" if item.due_date else "no due date"
        line = f"{item.title}: {_person(item.owner.name, owner_company(item))}, {due}, {item.get_status_display()}"
        origin = item_origin(item)
        if origin:
            line += f" ({origin})"
        blocks.append(Block(LI, line))
    return blocks


def _author(idea) -> str:
    """Never the author of an anonymous idea."""
    return (
        "Anonymous"
        if idea.anonymous
        else _person(idea.author.name, idea.company.name if idea.company else "")
    )


def _unattributed(idea) -> str:
    return "Unattributed"


def _person(name: str, company: str) -> str:
    return f"{name} ({company})" if company else name
