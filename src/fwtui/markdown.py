"""Putting knowledge text into markdown without letting it change the document's structure."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#$])")
_BULLET_START = re.compile(r"^([-+=])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")
_LANGUAGE = re.compile(r"[^a-z0-9+#_-]")


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping newlines and tabs."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def inline(text: str) -> str:
    """One line of literal text: markdown specials escaped, whitespace collapsed."""
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(strip_control(text).split()))


def paragraphs(text: str) -> str:
    """Literal prose as markdown paragraphs; blank lines in the text separate them."""
    blocks = re.split(r"\n\s*\n", strip_control(text).strip())
    rendered = []
    for block in blocks:
        line = inline(block)
        if line:
            line = _BULLET_START.sub(r"\\\1", line, count=1)
            rendered.append(_NUMBER_START.sub(r"\1\\\2", line, count=1))
    return "\n\n".join(rendered)


def cell(text: str) -> str:
    """Literal text for a table cell."""
    return inline(text) or " "


def link(title: str, url: str) -> str:
    """A link whose title and address cannot escape the link syntax."""
    safe_url = "".join(ch if ch.isprintable() and ch not in " <>()[]\\\"'`" else f"%{ord(ch):02X}" for ch in strip_control(url).strip())
    if not safe_url.startswith(("https://", "http://")):
        return inline(title or url)
    return f"[{inline(title) or safe_url}]({safe_url})"


def fence(code: str, language: str) -> str:
    """A fenced code block longer than any backtick run inside the code."""
    body = "\n".join(line.rstrip() for line in strip_control(code).strip("\n").splitlines())
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marks = "`" * max(3, longest + 1)
    tag = _LANGUAGE.sub("", language.lower()) or "text"
    return f"{marks}{tag}\n{body}\n{marks}"


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A GitHub table; cells must already be escaped."""
    align = align or ["left"] * len(header)
    rule = ["---:" if a == "right" else "---" for a in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
