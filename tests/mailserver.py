"""A real SMTP server (aiosmtpd) on loopback that keeps what it accepts and when, for the alert tests
and benchmarks: the messages are parsed as a mail client would."""

from __future__ import annotations

import email
import time
from email import policy

from aiosmtpd.controller import Controller

from tests.pgserver import free_port


class Inbox:
    def __init__(self, port: int = 0, refuse: dict[str, str] | None = None) -> None:
        self.refuse = refuse or {}  # address -> the SMTP answer to its RCPT TO ("550 no such mailbox")
        self.messages: list[email.message.EmailMessage] = []
        self.accepted_at: list[float] = []  # time.time() of each acceptance
        self.port = port or free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.accepted_at.append(time.time())
        return "250 OK"

    def __enter__(self) -> Inbox:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
