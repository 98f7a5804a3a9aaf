"""Websocket routes of the live room (the consumer arrives with the live room itself)."""

websocket_urlpatterns: list = []
