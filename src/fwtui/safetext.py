"""Text from outside fwtui, made safe to show: control characters are shown as escapes, never sent.

Knowledge, decision files, a snippet's output and the node's own names can all
carry bytes a terminal acts on (retitle, clear, write the clipboard) or
characters that make text read differently from what it is. Everything fwtui
shows, in the explorer, in an export or on the command line, goes through
:func:`visible`; JSON for scripts goes through :func:`json_text`.
"""

from __future__ import annotations

import errno
import re

DIRECTION_AND_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
"""Bidirectional marks, embeddings, overrides and isolates, and zero-width characters (a regex class body)."""
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 except tab and newline, DEL, C1."""
_SHOWN_AS_ESCAPE = re.compile(f"[{_CONTROL}{DIRECTION_AND_INVISIBLE}]")
_JSON_RAW = re.compile(f"[\x7f-\x9f{DIRECTION_AND_INVISIBLE}]")
"""What ``json.dumps(ensure_ascii=False)`` leaves raw but a terminal may act on or hide."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with line breaks normalised and each control or invisible character written as ``\\x1b``/``\\u202e``.

    Idempotent, and per character, so a stream can be filtered in chunks.
    """
    return _SHOWN_AS_ESCAPE.sub(_escape, text.replace("\r\n", "\n").replace("\r", "\n"))


def single_line(text: str) -> str:
    """``text`` on one line, a line break in it (a file name may hold one) written as ``\\n``."""
    return visible(text).replace("\n", "\\n")


def json_text(data: object) -> str:
    """Indented JSON that keeps readable Unicode but escapes what a terminal would act on (``\\u009b``)."""
    import json  # for the commands that print JSON, not the explorer

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class UnwritableOutput(Exception):
    """Standard output or error cannot take what is written: closed (``>&-``), or its disk is full."""


class VisibleStream:
    """A text stream that passes everything written to it through :func:`visible`.

    A reader gone away stays a BrokenPipeError (``| head`` is not a failure); any other failure
    to write is an :class:`UnwritableOutput` naming the stream, for a one-line error.
    """

    def __init__(self, stream, name: str) -> None:
        self.stream = stream
        self.name = name

    def write(self, text: str) -> int:
        self._ask(lambda stream: stream.write(visible(text)))
        return len(text)

    def flush(self) -> None:
        self._ask(lambda stream: stream.flush())

    def _ask(self, do) -> None:
        if self.stream is None:  # Python's stdout when the command started with it closed
            raise UnwritableOutput(f"cannot write to {self.name}: it is closed")
        try:
            do(self.stream)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:  # ValueError: a stream closed since
            if isinstance(error, ValueError) or error.errno == errno.EBADF:
                reason = "it is closed"
            else:
                reason = error.strerror or str(error)
            raise UnwritableOutput(f"cannot write to {self.name}: {reason}") from None

    def __getattr__(self, name: str):
        return getattr(self.stream, name)
