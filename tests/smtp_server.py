"""A real SMTP server (aiosmtpd) in a thread, for tests that need to see what a worker sends, or to
make it hang mid-conversation the way a dying mail server does."""

import asyncio
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes

from aiosmtpd.controller import Controller

from tests.asgi_servers import free_port


@dataclass
class Received:
    message_id: str
    to: list[str]
    subject: str
    accepted: bool  # False: the server took the message in but never said 250


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    stall: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content)
        stalling = self.stall.is_set()
        self.received.append(
            Received(
                message["Message-ID"], list(envelope.rcpt_tos), message["Subject"], accepted=not stalling
            )
        )
        while self.stall.is_set():  # no answer: the client waits, as for a server that died
            await asyncio.sleep(0.05)
        return "250 OK"


class SMTPServer:
    def __init__(self):
        self.handler = _Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return list(self.handler.received)

    def stall(self, on: bool = True) -> None:
        (self.handler.stall.set if on else self.handler.stall.clear)()

    def wait_for(self, count: int, timeout: float = 20) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.handler.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.handler.received)} of {count} messages arrived")
            time.sleep(0.05)
        return self.received

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.stall(False)
        self.controller.stop()
