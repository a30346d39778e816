"""A local mail catcher for `make dev`: an SMTP server that keeps every message as a file.

    python -m shopify_app.delivery.catcher [--host H --port P] [--dir instance/mail]

Host and port default to those of SMTP_URL (when it points at this machine), else
127.0.0.1:1025. Each message becomes <dir>/<time>-<n>.eml (open it in any mail
client) and one log line with its recipients and subject. It sends nothing on.
"""
from __future__ import annotations

import argparse
import itertools
import logging
import os
import signal
import threading
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from shopify_app.models.types import utcnow

log = logging.getLogger("shelf.mail")
DEFAULT_PORT = 1025


class MailFolder:
    """An aiosmtpd handler: write each message to the folder and log it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content: bytes = envelope.original_content or envelope.content
        with self.lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = f"{utcnow():%Y%m%dT%H%M%S}-{next(self.counter):04d}.eml"
            (self.folder / name).write_bytes(content)
        subject = message_from_bytes(content, policy=policy.default).get("Subject", "")
        log.info("mail to %s: %s (%s)", ", ".join(envelope.rcpt_tos), subject,
                 self.folder / name)
        return "250 Message accepted for delivery"


def default_address(env: dict[str, str] | os._Environ[str]) -> tuple[str, int]:
    parsed = urlparse(env.get("SMTP_URL") or "")
    if parsed.scheme == "smtp" and parsed.hostname in ("127.0.0.1", "localhost", "::1"):
        return parsed.hostname, parsed.port or DEFAULT_PORT
    return "127.0.0.1", DEFAULT_PORT


def main(argv: list[str] | None = None) -> None:
    from aiosmtpd.controller import Controller

    host, port = default_address(os.environ)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=host)
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--dir", default="instance/mail", help="where messages are kept")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter

    controller = Controller(MailFolder(Path(args.dir)), hostname=args.host, port=args.port)
    controller.start()
    log.info("catching mail on smtp://%s:%d, kept in %s/", args.host, args.port, args.dir)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(1):  # wake up now and then so the signal handler runs promptly
        pass
    controller.stop()


if __name__ == "__main__":
    main()
