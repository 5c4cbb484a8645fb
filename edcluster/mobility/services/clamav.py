"""A small clamd client (INSTREAM over a unix socket or TCP, standard library only).

`scan(content)` answers `CLEAN`, `INFECTED` with the signature's name, or `FAILED` (clamd did
not answer or answered something else); with no `CLAMAV_ADDRESS` it answers `NOT_SCANNED`."""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024
CLEAN, INFECTED, FAILED, NOT_SCANNED = "clean", "infected", "failed", "not_scanned"


@dataclass(frozen=True)
class ScanResult:
    outcome: str
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address)
        return sock
    host, _, port = address.rpartition(":")
    return socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout)


def _instream(sock: socket.socket, content: bytes) -> bytes:
    sock.sendall(b"zINSTREAM\0")
    for start in range(0, len(content), CHUNK):
        chunk = content[start : start + CHUNK]
        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
    sock.sendall(struct.pack("!L", 0))
    reply = b""
    while not reply.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").strip()


def parse_reply(reply: bytes) -> ScanResult:
    """`stream: OK` is clean, `stream: <name> FOUND` infected, anything else a failure."""
    text = reply.decode("utf-8", "replace")
    if text == "stream: OK":
        return ScanResult(CLEAN)
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        return ScanResult(INFECTED, text[len("stream: ") : -len(" FOUND")])
    return ScanResult(FAILED)


def scan(content: bytes) -> ScanResult:
    address = getattr(settings, "CLAMAV_ADDRESS", "")
    if not address:
        return ScanResult(NOT_SCANNED)
    try:
        with _connect(address, getattr(settings, "CLAMAV_TIMEOUT", 10.0)) as sock:
            return parse_reply(_instream(sock, content))
    except (OSError, ValueError):
        return ScanResult(FAILED)
