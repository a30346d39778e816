"""A real SMTP server for tests (aiosmtpd on a loopback port) that keeps what it receives."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


@dataclass
class Caught:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return body.get_content()


class Recorder:
    """aiosmtpd handler: refuses recipients on demand, records accepted messages."""

    def __init__(self) -> None:
        self.messages: list[Caught] = []
        self.refuse_with: str | None = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content or envelope.content,
                                     policy=policy.default)
        with self.lock:
            self.messages.append(Caught(envelope.mail_from, list(envelope.rcpt_tos),
                                        message))  # type: ignore[arg-type]
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, host: str, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.recorder = Recorder()
        self.host, self.port = host, port
        self.controller = Controller(self.recorder, hostname=host, port=port)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @property
    def messages(self) -> list[Caught]:
        return self.recorder.messages

    def refuse(self, reply: str | None) -> None:
        """Answer every RCPT TO with `reply` (e.g. "550 5.1.1 No such user"); None accepts."""
        self.recorder.refuse_with = reply

    def reset(self) -> None:
        self.recorder.messages.clear()
        self.recorder.refuse_with = None
