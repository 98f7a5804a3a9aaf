"""A participant's steps before the room: buy-in (agreement to the rules lives in groundrules)."""

from django.core.exceptions import ValidationError
from django.utils.timezone import now

from groundrules.services import screen_check
from thinktank.accounts.models import User

from ..access import Act, session_access
from ..models import Membership, Session, SessionState

MAX_ANSWER = 1000


def buy_in_give(*, session: Session, user: User, willing: bool, hopes: str, strength: str) -> Membership:
    """Record that a participant is willing to speak candidly, and what they hope for and bring.

    They may update their answers until the session closes; the first buy-in time is kept.
    """
    membership = session_access(session=session, user=user, act=Act.GIVE_BUY_IN).membership
    if session.state == SessionState.CLOSED:
        raise ValidationError("This session is closed.")
    if not willing:
        raise ValidationError(
            {
                "willing": "Taking part means being willing to speak candidly. If you are not, tell the facilitator."
            }
        )
    hopes, strength = hopes.strip(), strength.strip()
    if len(hopes) > MAX_ANSWER or len(strength) > MAX_ANSWER:
        raise ValidationError(f"Keep each answer under {MAX_ANSWER} characters.")
    screen_check(session_id=session.pk, fields={"hopes": hopes, "strength": strength})
    membership.hopes = hopes
    membership.strength = strength
    membership.bought_in_at = membership.bought_in_at or now()
    membership.save(update_fields=["hopes", "strength", "bought_in_at"])
    return membership
