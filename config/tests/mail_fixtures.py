"""The one loopback SMTP server of the tests: a real aiosmtpd server, and Django's
SMTP backend pointed at it (careers' confirmations, candidate email, ...)."""

from __future__ import annotations

import asyncio
import email
import socket

import pytest


class Inbox:
    """What the loopback SMTP server received, as parsed messages.

    `refuse` answers that many DATA commands with `refusal` (by default a
    temporary failure, as a mail server under load gives) before accepting,
    each after `stall` seconds (a server that hangs past the client's timeout).
    """

    def __init__(self):
        self.envelopes = []
        self.refuse = 0
        self.refused = 0
        self.refusal = "451 4.3.0 Temporary failure, try again later"
        self.stall = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            self.refused += 1
            await asyncio.sleep(self.stall)
            return self.refusal
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self):
        return [email.message_from_bytes(e.content) for e in self.envelopes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on loopback, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()  # returns once the server answers
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()
