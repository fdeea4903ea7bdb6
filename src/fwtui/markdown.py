"""Putting knowledge text into markdown without letting it change the document's structure."""

from __future__ import annotations

import re

from .safetext import visible

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#$])")
_BULLET_START = re.compile(r"^([-+=])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")
_LANGUAGE = re.compile(r"[^a-z0-9+#_-]")
_URL = re.compile(r"(?<!`)`[^`|]+`(?!`)|(?<![^\s(])(?:https?|ftps?)://[^\s<>`|\\]+")
"""A web address where a word starts (markdownlint flags these as bare), up to a space, <, >, `, | or \\;
or the author's own code span, whose addresses stay code."""
_URL_END = ".,;:!?'\")]"
_CODE = re.compile(
    r"""
    (?<!`)`[^`|]+`(?!`)                           # the author's own code span (none holds a pipe: tables split on it)
    | (?<![\w.`/\\-])                            # not inside a word, a path, a URL or after an escape
      (?: (?![\w.]+\.(?:org|com|net|dev|edu|gov)(?!\.?\w))  # not a site: pytorch.org, ai.google.dev
          [A-Za-z_]\w+(?:\.[A-Za-z_]\w*)+          # a dotted name: tf.function, nn.Module (not e.g.)
        | [A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+  # snake_case: run_functions_eagerly, CUDA_VISIBLE_DEVICES
        | __\w+__                                 # a dunder: __init__
        | [A-Za-z_]\w*(?=\(\)) )                  # a bare name that is called: fit()
      (?:\([\w.,=:'"+*/-]*\)|=\w+)?                # its call or value: scope(), export(format="litert"), jit_compile=True
      (?![\w`])
    """,
    re.VERBOSE,
)
"""Text that reads as code: shown as a code span rather than with its underscores escaped.

A span never holds a backtick or a pipe, so it can neither end early nor split a table cell.
"""


def inline(text: str, autolinks: bool = True) -> str:
    """One line of literal text: markdown specials escaped, whitespace collapsed, code names as code spans.

    A bare web address becomes an autolink (markdownlint's MD034 asks for that); ``autolinks=False``
    leaves it as text, for text that is already inside a link.
    """
    line = " ".join(visible(text).split())
    if not autolinks:
        return _inline_text(line)
    parts, start = [], 0
    for match in _URL.finditer(line):
        if match.group().startswith("`"):
            continue  # the author's code span: _inline_text keeps it, address and all
        url = _trim_url(match.group())
        parts += [_inline_text(line[start:match.start()]), f"<{url}>"]
        start = match.start() + len(url)
    parts.append(_inline_text(line[start:]))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """The address without the punctuation that ends its sentence; a closing bracket stays if it pairs."""
    while url[-1] in _URL_END and not (url[-1] == ")" and url.count("(") >= url.count(")")):
        url = url[:-1]
    return url


def _inline_text(line: str) -> str:
    parts, start = [], 0
    for match in _CODE.finditer(line):
        parts.append(_escape(line[start:match.start()]))
        code = match.group()
        parts.append(code if code.startswith("`") else f"`{code}`")
        start = match.end()
    parts.append(_escape(line[start:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def prose_blocks(text: str) -> list[tuple[bool, list[str]]]:
    """Prose split at blank lines into (is_list, parts), whitespace collapsed.

    A block whose first line starts with "- " is a list, one part per item
    (lines that do not start with "- " continue the item above); any other
    block is a paragraph with a single part. Control characters are shown as escapes.
    """
    found: list[tuple[bool, list[str]]] = []
    for block in re.split(r"\n\s*\n", visible(text).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if not lines[0].startswith("- "):
            found.append((False, [" ".join(" ".join(lines).split())]))
            continue
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                items.append(line[2:])
            else:
                items[-1] += " " + line
        found.append((True, [" ".join(item.split()) for item in items]))
    return found


def paragraphs(text: str, bullet: str = "-") -> str:
    """Literal prose as markdown paragraphs and lists marked with ``bullet`` (a document keeps to one,
    markdownlint's MD004); nothing in it can start another construct."""
    rendered = []
    for is_list, parts in prose_blocks(text):
        if is_list:
            rendered.append("\n".join(f"{bullet} {_plain_start(item)}" for item in parts))
        else:
            rendered.append(_plain_start(parts[0]))
    return "\n\n".join(block for block in rendered if block)


def _plain_start(text: str) -> str:
    """Inline text that cannot open a list or a heading where a line begins."""
    line = _BULLET_START.sub(r"\\\1", inline(text), count=1)
    return _NUMBER_START.sub(r"\1\\\2", line, count=1)


def code(text: str) -> str:
    """A short literal (an id, a file name) as a code span, or as escaped text where a span could break."""
    one_line = " ".join(visible(text).split())
    if one_line and not set("`|") & set(one_line):
        return f"`{one_line}`"
    return inline(one_line)


def cell(text: str) -> str:
    """Literal text for a table cell."""
    return inline(text) or " "


def link(title: str, url: str) -> str:
    """A link whose title and address cannot escape the link syntax."""
    safe_url = "".join(ch if ch.isprintable() and ch not in " <>()[]\\\"'`" else f"%{ord(ch):02X}" for ch in visible(url).strip())
    if not safe_url.startswith(("https://", "http://")):
        return inline(title or url)
    return f"[{inline(title, autolinks=False) or safe_url}]({safe_url})"


def fence(code: str, language: str) -> str:
    """A fenced code block longer than any backtick run inside the code."""
    body = "\n".join(line.rstrip() for line in visible(code).strip("\n").splitlines())
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
