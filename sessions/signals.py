"""Signing out anywhere closes that person's live-room sockets everywhere."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .services.room_events import group_send, user_group


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        group_send(user_group(user.pk), {"type": "user.logout"})
