"""Reading one YAML file safely, keeping the line each value came from.

PyYAML's C parser composes the document (it bounds nesting depth itself);
we then turn nodes into plain data ourselves, so that aliases and unusual tags
are refused instead of expanded or constructed, and every mapping and list
remembers its lines for ``file:line`` messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from .safefile import ReadError, read_regular
from .safetext import DIRECTION_AND_INVISIBLE

try:  # The C parser is much faster; fall back quietly where PyYAML lacks it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Knowledge files are prose and short code; anything bigger is a mistake or an attack."""
MAX_NODES = 100_000
"""Values, keys and collections in one file; a criterion file has a few hundred at most.

Composing a node costs microseconds and hundreds of bytes, so without a cap a
file within the size limit (a flow list of four million integers) could take
a minute and gigabytes to refuse.
"""
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as knowledge files write them (2026-11-28): read directly; other timestamps take PyYAML's way."""
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = "tag:yaml.org,2002:seq"
_constructor = yaml.constructor.SafeConstructor()
_MISLEADING = re.compile(f"[{DIRECTION_AND_INVISIBLE}]")
"""Characters that make text read differently from what it is (Trojan Source): refused anywhere in a file."""


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


def read_bytes(path: Path, kind: str = "knowledge files") -> bytes:
    """Read a knowledge file (or another ``kind`` of small text), refusing what is not a small regular
    file (see :func:`read_regular`)."""
    try:
        return read_regular(path, MAX_FILE_BYTES, kind)
    except ReadError as error:
        raise YamlFileError(str(error)) from None
    except OSError as error:
        raise YamlFileError(_os_reason(error)) from None


def decode(data: bytes) -> str:
    """UTF-8 text, or an error naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise YamlFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", line
        ) from None


def load_yaml(path: Path) -> tuple[object, bytes]:
    """Parse one file into plain data with line information; also return its bytes."""
    data = read_bytes(path)
    text = decode(data)
    found = _MISLEADING.search(text, 1 if text.startswith("\ufeff") else 0)  # a leading byte order mark is fine
    if found:
        raise _misleading(found.group(), text.count("\n", 0, found.start()) + 1)
    try:
        if len(text) > MAX_NODES // 2:  # shorter text cannot hold the cap: "a," in "{a,b}" is two nodes, key and null
            _count_nodes(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise YamlFileError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as error:  # a forbidden character: it carries an offset, not a mark
        line = text.count("\n", 0, error.position) + 1
        character = f"0x{error.character:02x}" if isinstance(error.character, int) else repr(error.character)
        raise YamlFileError(f"invalid YAML: {error.reason} (character {character})", line) from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"invalid YAML: {_first_line(str(error))}") from None
    if node is None:
        return None, data
    return _Converter().convert(node), data


def _count_nodes(text: str) -> None:
    """Refuse a document of more than MAX_NODES nodes, parsing events only as far as the cap."""
    loader = _Loader(text)
    try:
        count = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    raise YamlFileError(
                        f"more than {MAX_NODES:,} YAML nodes (values, keys and lists): "
                        "far more than a knowledge file holds", event.start_mark.line + 1)
    finally:
        loader.dispose()


class _Converter:
    """Nodes to data; plain strings (most of a knowledge file) take the shortest path."""

    def __init__(self) -> None:
        self._seen: set[int] = set()

    def convert(self, node: yaml.Node) -> object:
        # An alias is the same node object met twice; refusing it also defuses alias bombs.
        if id(node) in self._seen:
            raise YamlFileError("anchors and aliases are not allowed in knowledge files", node.start_mark.line + 1)
        self._seen.add(id(node))
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value if node.style != '"' else self._quoted(node)
            return self._scalar(node)
        convert = self.convert
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise YamlFileError(f"unsupported tag {node.tag}", node.start_mark.line + 1)
            items = LList([convert(child) for child in node.value])
            items.line = node.start_mark.line + 1
            items.lines = [child.start_mark.line + 1 for child in node.value]
            return items
        if node.tag != _MAP:
            raise YamlFileError(f"unsupported tag {node.tag}", node.start_mark.line + 1)
        mapping = LMap()
        mapping.line = node.start_mark.line + 1
        mapping.lines = lines = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise YamlFileError("mapping keys must be plain text", key_node.start_mark.line + 1)
            if key_node.tag != _STR:
                key = self._scalar(key_node)
            else:
                key = key_node.value if key_node.style != '"' else self._quoted(key_node)
            if key in lines:
                raise YamlFileError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            lines[key] = key_node.start_mark.line + 1
            mapping[key] = convert(value_node)
        return mapping

    @staticmethod
    def _quoted(node: yaml.ScalarNode) -> str:
        """A double-quoted string: the only kind that can spell a character with an escape (``"\\u202e"``)."""
        found = _MISLEADING.search(node.value)
        if found:
            raise _misleading(found.group(), node.start_mark.line + 1)
        return node.value

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> object:
        line = node.start_mark.line + 1
        if node.tag == _MERGE:
            raise YamlFileError("merge keys (<<) are not allowed in knowledge files", line)
        if node.tag not in _SCALAR_TAGS:
            raise YamlFileError(f"unsupported tag {node.tag}", line)
        value = node.value
        try:
            if node.tag == _INT and value.isdigit() and value[0] != "0":
                return int(value)  # an order or a count: YAML's other ways to write one go the long way
            if node.tag == _TIMESTAMP and _PLAIN_DATE.fullmatch(value):
                return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
            # The constructor for the tag, without construct_object's bookkeeping: it keeps every
            # node it has built (for aliases, which are refused here), so a shared one would grow.
            return _constructor.yaml_constructors[node.tag](_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            raise YamlFileError(f"bad value {value[:40]!r}: {_first_line(str(error))}", line) from None


def _misleading(character: str, line: int) -> YamlFileError:
    name = unicodedata.name(character, "")
    return YamlFileError(
        f"character U+{ord(character):04X} {name} is not allowed: it changes how text reads without being seen", line
    )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def _os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else _first_line(str(error))
