"""The decision a lead signs: recommendation, reasons and trade-offs first, then the team's context,
the scoreboard explained, and the appendix; priorities taken from the explorer or an earlier decision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from corehelp import assert_one_line_error, markdown_structure, run_fwtui
from factory import criterion_data as criterion
from factory import write_editions
from fwtui.export import read_record
from fwtui.loader import load_knowledge
from fwtui.scoring import default_priorities, score
from fwtui.state import EditionState, State, save_state

DATE = "2026-12-02"

# Reasoning paragraphs name the frameworks, as the shipped knowledge does: a criterion's reason is the last
# paragraph naming its winner; the route for a criterion the other side wins is the last naming the leader.
SPEED = criterion("speed", "pytorch", title="Training speed", reasoning=(
    "TensorFlow is quick with XLA.\n\nPyTorch is quicker with torch.compile here.\n\nBoth improve."))
PHONES = criterion("phones", "tensorflow", title="Phones", reasoning=(
    "TensorFlow ships LiteRT to phones.\n\nPyTorch gets there with torch.export and ExecuTorch.\n\n"
    "TensorFlow keeps a narrow lead."))
SERVING = criterion("serving", "tensorflow", title="Serving", reasoning="TensorFlow Serving is first-party.")
HUBS = criterion("hubs", "pytorch", title="Hubs", reasoning="Models appear for PyTorch first.")
DOCS = criterion("docs", "tie", title="Docs")
NOTE = criterion("history", None, title="History")


@pytest.fixture
def team_kdir(tmp_path) -> Path:
    root = write_editions(tmp_path / "k", {"e": ({}, [SPEED, PHONES, SERVING, HUBS, DOCS, NOTE])})
    assert load_knowledge(root).ok
    return root


@pytest.fixture
def xdg_state(tmp_path, monkeypatch) -> Path:
    """The explorer's state file, in a state directory of this test's own."""
    from fwtui.paths import state_file

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    return state_file()


def export(cli, root: Path, *argv: str) -> str:
    result = cli("export", "--knowledge", root, "-o", "-", "--date", DATE, *argv)
    assert result.status == 0, result.err
    return result.out


# speed high (3) and hubs normal (2) for PyTorch = 5; phones high (3) and serving low (1) for TensorFlow = 4.
BRIEF = ("--priority", "speed=high", "--priority", "phones=high", "--priority", "serving=low")


def section(text: str, heading: str) -> str:
    """The text under a heading, up to the next heading."""
    after = text.split(f"\n{heading}\n\n", 1)[1]
    return after.split("\n#", 1)[0].strip()


# --- the decision comes first --------------------------------------------------------------


def test_the_decision_opens_with_recommendation_reasons_and_trade_offs(cli, team_kdir):
    text = export(cli, team_kdir, *BRIEF)
    structure = markdown_structure(text)
    h2 = [title for level, title in structure["headings"] if level == 2]
    assert h2[:2] == ["Decision", "Scoreboard"] and h2[-1] == "Criteria"
    assert section(text, "## Decision") == (
        "Use **PyTorch**: it leads TensorFlow by 1 point "
        "(PyTorch 5, TensorFlow 4, out of the 9 points at stake under these priorities).")
    # reasons in the knowledge's words: the last paragraph that names the winner, code names as code
    assert section(text, "### Reasons").splitlines() == [
        "- **Training speed** (high, 3 points): PyTorch is quicker with `torch.compile` here.",
        "- **Hubs** (normal, 2 points): Models appear for PyTorch first.",
    ]
    trade_offs = section(text, "### Trade-offs").split("\n\n")
    assert trade_offs[0] == ("- **Phones** goes to TensorFlow (high, 3 points). For PyTorch, the knowledge says: "
                             "PyTorch gets there with `torch.export` and ExecuTorch.")
    assert trade_offs[1] == "Below high priority, TensorFlow wins Serving (low, 1 point)."
    assert trade_offs[2].startswith("Lowering Training speed from high to normal would make it a tie")
    head = "\n".join(text.splitlines()[:40])
    assert "### Reasons" in head and "### Trade-offs" in head and "ExecuTorch" in head


def test_no_route_in_the_knowledge_is_said_not_invented(cli, team_kdir):
    # serving at high: TensorFlow wins it and its reasoning says nothing of PyTorch; PyTorch 3 + 3 leads 2 + 3
    text = export(cli, team_kdir, "--priority", "serving=high", "--priority", "hubs=high", "--priority", "speed=high")
    assert "- **Serving** goes to TensorFlow (high, 3 points). The knowledge gives no route for PyTorch here." in text


def test_no_trade_off_among_high_priorities_is_said(cli, team_kdir):
    text = export(cli, team_kdir, "--priority", "speed=high")
    assert section(text, "### Trade-offs").startswith("None among the high priorities: TensorFlow wins none of them.")


def test_a_tie_recommends_nothing_and_says_each_sides_wins(cli, team_kdir):
    text = export(cli, team_kdir)  # all normal: 4 to 4
    assert section(text, "## Decision").startswith("No recommendation yet: the scores are tied (PyTorch 4, TensorFlow 4")
    assert section(text, "### Reasons").splitlines() == [
        "- PyTorch wins Training speed (normal), Hubs (normal).",
        "- TensorFlow wins Phones (normal), Serving (normal).",
    ]
    markdown_structure(text)


def test_the_scoreboard_is_explained_per_criterion(cli, team_kdir):
    text = export(cli, team_kdir, *BRIEF)
    table = next(t for t in markdown_structure(text)["tables"] if t[0][0].strip() == "Criterion")
    rows = [[c.strip() for c in row] for row in table[2:]]
    assert rows == [
        ["Training speed", "`speed`", "high", "PyTorch", "3", "0"],
        ["Phones", "`phones`", "high", "TensorFlow", "0", "3"],
        ["Serving", "`serving`", "low", "TensorFlow", "0", "1"],
        ["Hubs", "`hubs`", "normal", "PyTorch", "2", "0"],
        ["Docs", "`docs`", "normal", "tie", "0", "0"],
        ["History", "`history`", "normal", "note, not scored", "0", "0"],
        ["**Total**", "", "", "", "**5**", "**4**"],
    ]
    assert "(off 0, low 1, normal 2, high 3); a tie or a note adds nothing. The 9 points at stake" in text


# --- team context ----------------------------------------------------------------------------

TEAM = ("--title", "Framework for the vision team", "--decider", "Ana Lima", "--decider", "Bo Chen",
        "--status", "accepted", "--context", "We fine-tune vision models.\n\nSome must run on Android phones.")


def test_team_context_in_the_markdown_summary(cli, team_kdir):
    text = export(cli, team_kdir, *BRIEF, *TEAM)
    lines = text.splitlines()
    assert lines[:6] == ["# Framework for the vision team", "", "- **Status:** accepted", f"- **Date:** {DATE}",
                         "- **Deciders:** Ana Lima, Bo Chen", ""]
    h2 = [title for level, title in markdown_structure(text)["headings"] if level == 2]
    assert h2.index("Decision") < h2.index("Context") < h2.index("Scoreboard")
    assert section(text, "## Context") == "We fine-tune vision models.\n\nSome must run on Android phones."
    record = read_record(text)
    assert (record["title"], record["deciders"], record["status"]) == ("Framework for the vision team",
                                                                       ["Ana Lima", "Bo Chen"], "accepted")
    assert record["context"] == "We fine-tune vision models.\n\nSome must run on Android phones."


def test_team_context_in_madr(cli, team_kdir):
    text = export(cli, team_kdir, *BRIEF, *TEAM, "--format", "madr")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"status": "accepted", "date": yaml.safe_load(DATE), "decision-makers": "Ana Lima, Bo Chen"}
    assert markdown_structure(text)["headings"][0] == (1, "Framework for the vision team")
    assert section(text, "## Context and Problem Statement").startswith(
        "We fine-tune vision models.\n\nSome must run on Android phones.\n\nWe need to choose between")
    consequences = section(text, "### Consequences").splitlines()
    assert consequences == [
        "* Good, because PyTorch wins Training speed (high, 3 points)",
        "* Good, because PyTorch wins Hubs (normal, 2 points)",
        "* Bad, because **Phones** goes to TensorFlow (high, 3 points). For PyTorch, the knowledge says: "
        "PyTorch gets there with `torch.export` and ExecuTorch.",
        "* Bad, because below high priority, TensorFlow wins Serving (low, 1 point).",
    ]
    assert "Lowering" not in section(text, "### Consequences"), "sensitivity belongs in More Information"
    pros = section(text, "### PyTorch").splitlines()
    assert pros[0] == "* Good, because of Training speed (high): PyTorch is quicker with `torch.compile` here."
    assert "* Bad, because Phones goes to TensorFlow (high)" in pros
    assert not any("Summary of" in line for line in pros), "reasons, not the criteria's definitions"


@pytest.mark.parametrize("status", ["superseded by ADR-0007", "accepted: yes # not a comment", "---", '"quoted"'])
def test_any_status_stays_one_front_matter_value(cli, team_kdir, status):
    text = export(cli, team_kdir, "--format", "madr", f"--status={status}", "--decider", "x: y")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert front["status"] == status and front["decision-makers"] == "x: y"
    markdown_structure(text)


def test_context_from_a_file(cli, team_kdir, tmp_path):
    (tmp_path / "context.md").write_text("Why we ask.\n\n# Not a heading\n", encoding="utf-8")
    text = export(cli, team_kdir, "--context", f"@{tmp_path / 'context.md'}")
    assert section(text, "## Context") == "Why we ask.\n\n\\# Not a heading"


def test_context_file_errors_are_one_line(cli, team_kdir, tmp_path):
    cases = {"missing": (tmp_path / "none.md", "no such file"), "directory": (tmp_path, "directory")}
    (tmp_path / "latin1.md").write_bytes("caf\u00e9\n".encode("latin-1"))
    cases["not utf-8"] = (tmp_path / "latin1.md", "latin1.md:1: not UTF-8")
    for path, words in cases.values():
        message = assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--context", f"@{path}"), 1)
        assert "--context" in message and words in message.lower().replace("utf", "UTF")
    assert "file name" in assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--context", "@"), 1)


def test_brief_leaves_out_the_appendix(cli, team_kdir):
    full, brief = export(cli, team_kdir, *BRIEF), export(cli, team_kdir, *BRIEF, "--brief")
    assert "## Criteria" in full and "## Criteria" not in brief
    assert "### Training speed" in full and "### Training speed" not in brief
    assert brief.split("## Knowledge behind this decision")[0] == full.split("## Knowledge behind this decision")[0]
    markdown_structure(brief)


# --- priorities and notes travel ---------------------------------------------------------------


def save_explorer_state(path: Path, priorities: dict, notes: dict, edition: str = "e") -> None:
    save_state(path, State(edition=edition, editions={edition: EditionState(priorities, notes=notes)}))


def test_saved_priorities_and_notes(cli, team_kdir, xdg_state):
    save_explorer_state(xdg_state, {"speed": 3, "phones": 3, "serving": 1, "gone": 0},
                        {"phones": "Some models must run on Android.", "gone": "old note"})
    result = cli("export", "--knowledge", team_kdir, "-o", "-", "--date", DATE, "--saved")
    assert result.status == 0
    assert result.err == "fwtui: --saved " + str(xdg_state) + ": ignored 1 criterion not in edition e: gone\n"
    by_flags = export(cli, team_kdir, *BRIEF)
    assert read_record(result.out)["priorities"] == read_record(by_flags)["priorities"]
    assert section(result.out, "### Trade-offs") == section(by_flags, "### Trade-offs").replace(
        "ExecuTorch.", "ExecuTorch. **Our note:** Some models must run on Android.", 1)
    assert "- **Phones** (`phones`): Some models must run on Android." in result.out
    assert "- **Our note:** Some models must run on Android." in section(result.out, "### Phones")
    assert read_record(result.out)["notes"] == {"phones": "Some models must run on Android."}


def test_explicit_priorities_override_saved_ones(cli, team_kdir, xdg_state):
    save_explorer_state(xdg_state, {"speed": 3, "phones": 3}, {})
    text = export(cli, team_kdir, "--saved", "--priority", "speed=off")
    assert read_record(text)["priorities"]["speed"] == "off" and read_record(text)["priorities"]["phones"] == "high"


def test_saved_without_a_saved_state_is_a_one_line_error(cli, team_kdir, xdg_state):
    message = assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--saved"), 1)
    assert "nothing saved yet" in message and str(xdg_state) in message
    save_explorer_state(xdg_state, {"speed": 3}, {}, edition="other")
    message = assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--saved", "--edition", "e"), 1)
    assert "no priorities saved for edition e" in message
    xdg_state.write_text("{not json", encoding="utf-8")
    message = assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--saved"), 1)
    assert "not JSON" in message
    assert xdg_state.read_text(encoding="utf-8") == "{not json", "export never moves the user's state aside"


def test_from_a_decision_file(cli, team_kdir, tmp_path):
    first = tmp_path / "decision.md"
    made = cli("export", "--knowledge", team_kdir, "-o", first, "--date", DATE, *BRIEF, *TEAM)
    assert made.status == 0
    again = export(cli, team_kdir, "--from", first)
    assert again == first.read_text(encoding="utf-8"), "the same decision, made again"
    renamed = export(cli, team_kdir, "--from", first, "--title", "Revisited", "--status", "proposed",
                     "--priority", "phones=normal")
    record = read_record(renamed)
    assert (record["title"], record["status"], record["deciders"]) == ("Revisited", "proposed", ["Ana Lima", "Bo Chen"])
    assert record["priorities"]["phones"] == "normal" and record["priorities"]["speed"] == "high"


def test_from_a_decision_file_with_unknown_criteria(cli, team_kdir, tmp_path):
    text = export(cli, team_kdir, *BRIEF)
    body, line = text[: text.rindex("<!-- fwtui-decision ")], text[text.rindex("<!-- fwtui-decision "):]
    data = json.loads(line[len("<!-- fwtui-decision "): line.rindex(" -->")])
    data["priorities"].update({"zz-gone": "high", "aa-gone": "off"})
    data["notes"] = {"phones": "Android first.", "zz-gone": "lost"}
    edited = tmp_path / "edited.md"
    edited.write_text(body + "<!-- fwtui-decision " + json.dumps(data) + " -->\n", encoding="utf-8")
    result = cli("export", "--knowledge", team_kdir, "-o", "-", "--from", edited)
    assert result.status == 0
    assert result.err == f"fwtui: {edited}: ignored 2 criteria not in edition e: aa-gone, zz-gone\n"
    assert read_record(result.out)["notes"] == {"phones": "Android first."}


def test_a_version_1_decision_still_works(cli, team_kdir, tmp_path):
    """Files written before the team context existed: diff and --from read them, with the defaults."""
    old = {"version": 1, "edition": "e", "preset": None, "date": DATE, "leader": "pytorch", "content_version": "1",
           "fingerprint": "x", "priorities": {"speed": "high"},
           "criteria": {c["id"]: {"title": c["title"], "verdict": c["verdict"]} for c in (SPEED, PHONES, SERVING, HUBS)}}
    decision = tmp_path / "old.md"
    decision.write_text("# Old\n\n<!-- fwtui-decision " + json.dumps(old) + " -->\n", encoding="utf-8")
    record = read_record(export(cli, team_kdir, "--from", decision))
    assert (record["status"], record["title"], record["deciders"], record["notes"]) == ("proposed", "", [], {})
    assert record["priorities"]["speed"] == "high"
    assert cli("diff", decision, "--knowledge", team_kdir).status in (0, 1)


def test_not_a_decision_for_from(cli, team_kdir, tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    message = assert_one_line_error(cli("export", "--knowledge", team_kdir, "-o", "-", "--from", tmp_path / "notes.md"), 1)
    assert "notes.md" in message and "not an fwtui export" in message


def test_sources_of_priorities_do_not_combine(cli, team_kdir, tmp_path):
    result = cli("export", "--knowledge", team_kdir, "-o", "-", "--saved", "--from", tmp_path / "x.md")
    assert result.status == 2 and "not allowed with" in result.err


# --- the brief of issue 9, replayed on the shipped knowledge --------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
def test_the_issue_brief_reads_in_the_first_screenful(shipped, fmt):
    """"Mobile export and distributed training matter most, documentation a little": the first 40 lines decide.

    To the brief's priorities the test adds, at high, one criterion the trailing framework wins
    in the shipped knowledge (which one changes as the knowledge does), so there is a trade-off to show.
    """
    knowledge = load_knowledge(shipped).knowledge
    edition = knowledge.edition()
    frameworks = tuple(f.id for f in knowledge.frameworks)
    brief = {"export-on-device": 3, "distributed-training": 3, "documentation": 1}
    leader = score(edition, frameworks, default_priorities(edition) | brief).leader
    lost = next(c for c in edition.criteria if c.verdict in frameworks and c.verdict != leader)
    priorities = default_priorities(edition) | brief | {lost.id: 3}
    board = score(edition, frameworks, priorities)
    argv = [arg for cid in (*brief, lost.id) for arg in ("--priority", f"{cid}={priorities[cid]}")]
    result = run_fwtui("export", "-o", "-", "--date", DATE, "--format", fmt, *argv)
    assert result.status == 0, result.err
    head = "\n".join(result.out.splitlines()[:40])
    leader = knowledge.framework_name(board.leader)
    assert (f"Use **{leader}**" if fmt == "markdown" else f'Chosen option: "{leader}"') in head
    for reason in board.reasons(board.leader):
        assert reason.criterion.title in head
    assert [t.criterion.id for t in board.trade_offs()] == [lost.id]
    assert f"**{lost.title}** goes to {knowledge.framework_name(lost.verdict)}" in head
    assert f"For {leader}, the knowledge says: " in head
    markdown_structure(result.out)


@pytest.mark.parametrize("fmt", ["markdown", "madr"])
def test_hostile_team_text_and_notes_stay_text(cli, team_kdir, xdg_state, fmt):
    evil = "# h1 | `x` [a](javascript:alert(1)) \x1b[31mred\x1b[0m --> <!-- fwtui-decision {\"edition\": \"x\"} -->"
    save_explorer_state(xdg_state, {"phones": 3}, {"phones": evil, "speed": "---\n\n- not a list"})
    text = export(cli, team_kdir, "--saved", "--format", fmt, "--title", evil, "--decider", evil,
                  "--status", evil, "--context", evil + "\n\n```python\nimport os\n```")
    assert "\x1b" not in text
    structure = markdown_structure(text)
    assert len([h for h in structure["headings"] if h[0] == 1]) == 1
    assert structure["fences"] == [], "a context cannot open a code block"
    if fmt == "madr":
        front = yaml.safe_load(text.split("---\n", 2)[1])
        shown = evil.replace("\x1b", "\\x1b")  # the one filter shows control characters, never sends them
        assert front["status"] == front["decision-makers"] == shown
    record = read_record(text)
    assert record["edition"] == "e" and record["notes"]["phones"] == evil and record["title"] == evil
