"""What the CLI writes to a terminal: control characters from knowledge, decision files or the system are shown, never sent.

Every test runs the real CLI as a process and inspects the raw bytes of its
standard output and error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corehelp import criterion_path, edit_yaml
from factory import make_knowledge

PAYLOAD = "\x1b]0;owned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\x9d0;t\x9c\x7f\x08\r"
SHOWN = r"\x1b]0;owned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\x9d0;t\x9c\x7f\x08"
"""How PAYLOAD reads once filtered (the carriage return becomes a line break)."""
SENT = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
"""A C0 control other than tab and newline, DEL, or a C1 control (encoded as UTF-8)."""


def run_raw(*argv: object, env: dict | None = None, timeout: float = 60) -> tuple[int, bytes, bytes]:
    """The real CLI as a process: exit status and the exact bytes it wrote."""
    full_env = {k: v for k, v in os.environ.items() if k != "FWTUI_KNOWLEDGE"}
    full_env.update(env or {})
    done = subprocess.run([sys.executable, "-m", "fwtui.cli", *map(str, argv)], capture_output=True,
                          timeout=timeout, env=full_env)
    return done.returncode, done.stdout, done.stderr


def assert_shown_not_sent(*outputs: bytes) -> None:
    for output in outputs:
        found = SENT.search(output)
        assert found is None, f"control character {found.group()!r} sent: {output[max(0, found.start() - 40):found.end() + 40]!r}"
    assert SHOWN.encode() in b"".join(outputs), b"".join(outputs)[-2000:]


def with_framework_names(root: Path, name: str, modules: tuple[str, str] = ("torch", "tensorflow")) -> Path:
    def change(data):
        for framework, module in zip(data["frameworks"], modules):
            framework.update(name=framework["name"] + name, module=module)

    edit_yaml(root / "manifest.yaml", change)
    return root


def test_check_shows_content_version_and_directory_name(tmp_path):
    root = make_knowledge(tmp_path / f"k{PAYLOAD}", criteria=2)
    edit_yaml(root / "manifest.yaml", lambda data: data.update(content_version="v" + PAYLOAD))
    status, out, err = run_raw("check", root)
    assert status == 0, err
    assert_shown_not_sent(out, err)
    assert out.count(SHOWN.encode()) == 2, "both the directory and the content version"


def test_check_shows_problem_file_names(kdir):
    bad = kdir / "editions" / "e1" / "criteria" / f"c{PAYLOAD}.yaml"
    bad.write_text("id: nope\n", encoding="utf-8")
    status, out, err = run_raw("check", kdir)
    assert status == 1
    assert_shown_not_sent(out, err)


def test_one_line_errors_are_filtered(tmp_path):
    missing = tmp_path / f"gone{PAYLOAD}"
    status, out, err = run_raw("export", "--knowledge", missing, "-o", "-")
    assert status == 2 and out == b""
    assert_shown_not_sent(err)


def test_env_shows_framework_names(kdir, tmp_path):
    with_framework_names(kdir, PAYLOAD)
    empty = tmp_path / "bin"
    empty.mkdir()
    status, out, err = run_raw("env", "--knowledge", kdir, env={"PATH": str(empty)})
    assert status == 0, err
    assert_shown_not_sent(out, err)


def test_verify_shows_snippet_titles_and_their_output(kdir):
    with_framework_names(kdir, "", modules=("json", "os"))

    def change(data):
        data["snippets"]["pytorch"][0].update(
            title="t" + PAYLOAD, code=f"import sys\nsys.stderr.write({PAYLOAD!r})\nsys.exit(3)\n")
        data["snippets"]["tensorflow"][0].update(runnable=False)

    edit_yaml(criterion_path(kdir, 0), change)
    status, out, err = run_raw("verify", "-v", "--knowledge", kdir, "--criterion", "c00000")
    assert status == 1, (out, err)
    assert out.count(b"FAIL") == 1
    assert_shown_not_sent(out, err)
    assert out.count(SHOWN.encode()) >= 2, "the title, and the snippet's stderr"


def test_diff_shows_text_from_the_decision_record(kdir, tmp_path):
    decision = tmp_path / "decision.md"
    assert run_raw("export", "--knowledge", kdir, "-o", decision)[0] == 0
    text = decision.read_text(encoding="utf-8")
    start = text.rindex("<!-- fwtui-decision ") + len("<!-- fwtui-decision ")
    end = text.rindex(" -->")
    record = json.loads(text[start:end])
    record["content_version"] = PAYLOAD
    record["criteria"]["c00000"]["title"] = "old" + PAYLOAD
    record["criteria"]["c00000"]["verdict"] = "tie"
    body = json.dumps(record, ensure_ascii=True)
    assert "\\u001b" in body
    decision.write_text(text[:start] + body + text[end:], encoding="utf-8")
    status, out, err = run_raw("diff", decision, "--knowledge", kdir)
    assert status == 0, err
    assert_shown_not_sent(out, err)


@pytest.mark.parametrize("argv", [("dump", "--json"), ("env", "--json")])
def test_json_escapes_c1_controls(kdir, tmp_path, argv):
    with_framework_names(kdir, PAYLOAD)
    empty = tmp_path / "bin"
    empty.mkdir()
    status, out, err = run_raw(*argv, "--knowledge", kdir, env={"PATH": str(empty)})
    assert status == 0, err
    assert SENT.search(out) is None, out
    assert b"\\u009b" in out and b"\\u009d" in out and b"\\u007f" in out
    data = json.loads(out)
    names = [f["name"] for f in data["frameworks"]] if argv[0] == "dump" else \
        [m["name"] for m in data["frameworks"] if m["framework"]]
    assert "PyTorch" + PAYLOAD in names, "the JSON still holds the exact text"
