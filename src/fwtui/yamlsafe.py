"""Reading one YAML file safely, keeping the line each value came from.

PyYAML's C parser composes the document (it bounds nesting depth itself);
we then turn nodes into plain data ourselves, so that aliases and unusual tags
are refused instead of expanded or constructed, and every mapping and list
remembers its lines for ``file:line`` messages.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

try:  # The C parser is much faster; fall back quietly where PyYAML lacks it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Knowledge files are prose and short code; anything bigger is a mistake or an attack."""

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()


class YamlFileError(Exception):
    """A file that cannot be read as knowledge at all; ``line`` may be None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LMap(dict):
    """A mapping that knows its own line and the line of each key."""

    __slots__ = ("line", "lines")


class LList(list):
    """A list that knows its own line and the line of each item."""

    __slots__ = ("line", "lines")


def line_of(value: object, key: object = None, default: int | None = None) -> int | None:
    """The line of ``value`` (or of ``value[key]``) when it is known."""
    if key is not None and isinstance(value, (LMap, LList)):
        try:
            return value.lines[key]
        except (KeyError, IndexError, TypeError):
            pass
    return getattr(value, "line", default)


def read_text(path: Path) -> str:
    """Read a knowledge file as UTF-8 text, refusing what is not a small regular file."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise YamlFileError(_os_reason(error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise YamlFileError("is a directory, expected a YAML file")
    if not stat.S_ISREG(info.st_mode):
        raise YamlFileError("is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise YamlFileError(
            f"file is {info.st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for knowledge files"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise YamlFileError(_os_reason(error)) from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlFileError(f"file is over the {MAX_FILE_BYTES:,}-byte limit for knowledge files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise YamlFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", line
        ) from None


def load_yaml(path: Path) -> object:
    """Parse one file into plain data with line information."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"invalid YAML: {_first_line(str(error))}") from None
    if node is None:
        return None
    return _Converter().convert(node)


class _Converter:
    def __init__(self) -> None:
        self._seen: set[int] = set()

    def convert(self, node: yaml.Node) -> object:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line)
        if id(node) in self._seen:
            raise YamlFileError("anchors and aliases are not allowed in knowledge files", line)
        self._seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise YamlFileError(f"unsupported tag {node.tag}", line)
            items = LList(self.convert(child) for child in node.value)
            items.line = line
            items.lines = [child.start_mark.line + 1 for child in node.value]
            return items
        if node.tag != _MAP:
            raise YamlFileError(f"unsupported tag {node.tag}", line)
        mapping = LMap()
        mapping.line = line
        mapping.lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlFileError("mapping keys must be plain text", key_line)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlFileError("merge keys (<<) are not allowed in knowledge files", key_line)
            key = self._scalar(key_node, key_line)
            if key in mapping:
                raise YamlFileError(f"duplicate key {key!r}", key_line)
            mapping[key] = self.convert(value_node)
            mapping.lines[key] = key_line
        return mapping

    @staticmethod
    def _scalar(node: yaml.ScalarNode, line: int) -> object:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise YamlFileError(f"unsupported tag {node.tag}", line)
        try:
            return _constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            raise YamlFileError(f"bad value {node.value[:40]!r}: {_first_line(str(error))}", line) from None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def _os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else _first_line(str(error))
