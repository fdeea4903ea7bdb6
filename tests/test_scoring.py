"""Scoring, with every expected number computed by hand in the comments."""

from __future__ import annotations

import random

import pytest

from corehelp import ARTICLE_VERDICTS_2017
from factory import make_knowledge
from fwtui.loader import load_knowledge
from fwtui.model import TIE, Criterion, Edition, Preset
from fwtui.priorities import HIGH, LEVELS, LOW, NORMAL, OFF, parse_level
from fwtui.scoring import Tipping, default_priorities, leader_of, points_legend, score

ARTICLE_VERDICTS = ARTICLE_VERDICTS_2017
TWO = ("pytorch", "tensorflow")


def edition_of(verdicts: dict[str, str | None], presets: tuple[Preset, ...] = ()) -> Edition:
    import datetime as dt

    criteria = tuple(
        Criterion(id=cid, title=cid, category="c", summary="s", verdict=v, reasoning="r", snippets={}, sources=())
        for cid, v in verdicts.items()
    )
    return Edition("x", "X", dt.date(2017, 8, 17), "s", "c", (), criteria, presets)


@pytest.fixture(scope="module")
def shipped_2017():
    from fwtui.paths import embedded_knowledge

    result = load_knowledge(embedded_knowledge())
    assert result.knowledge is not None, result.problems
    edition = result.knowledge.edition("2017")
    assert edition is not None, [str(p) for p in result.problems]
    return edition


# --- the 2017 edition ------------------------------------------------------------------------
# Verdicts: PyTorch wins ramp-up-time, graph-creation-debugging, data-loading, custom-extensions (4);
# TensorFlow wins coverage, serialization, deployment, device-management (4); documentation is a tie;
# tensorboard, keras and tensorflow-fold are notes.


def check_all_normal_is_a_tie(edition: Edition) -> None:
    board = score(edition, TWO, default_priorities(edition))
    # 4 wins x normal (2) = 8 each.
    assert board.totals == {"pytorch": 8, "tensorflow": 8}
    assert board.leader is None and board.margin == 0
    assert board.possible == 16  # the points at stake: eight scored criteria at normal (2), not "all at high" (24)


def check_research_preset(edition: Edition) -> None:
    board = score(edition, TWO, default_priorities(edition, "research"))
    # research: ramp-up-time, graph-creation-debugging, custom-extensions, data-loading high -> PyTorch 4 x 3 = 12;
    # deployment, serialization, device-management low (1 each) + coverage normal (2) -> TensorFlow 5.
    assert board.totals == {"pytorch": 12, "tensorflow": 5}
    assert board.leader == "pytorch" and board.margin == 7


def check_deployment_preset(edition: Edition) -> None:
    board = score(edition, TWO, default_priorities(edition, "deployment"))
    # deployment: deployment, serialization, device-management, coverage high -> TensorFlow 4 x 3 = 12;
    # ramp-up-time, graph-creation-debugging, data-loading, custom-extensions low -> PyTorch 4 x 1 = 4.
    assert board.totals == {"pytorch": 4, "tensorflow": 12}
    assert board.leader == "tensorflow" and board.margin == 8


def test_presets_in_shipped_edition_file_are_as_computed_by_hand(shipped):
    """The preset levels the hand computations below rely on, read straight from edition.yaml."""
    import yaml

    data = yaml.safe_load((shipped / "editions" / "2017" / "edition.yaml").read_text(encoding="utf-8"))
    presets = {p["id"]: p["priorities"] for p in data["presets"]}
    assert presets["research"] == {
        "ramp-up-time": "high", "graph-creation-debugging": "high", "custom-extensions": "high",
        "data-loading": "high", "deployment": "low", "serialization": "low", "device-management": "low",
    }
    assert presets["deployment"] == {
        "deployment": "high", "serialization": "high", "device-management": "high", "coverage": "high",
        "ramp-up-time": "low", "graph-creation-debugging": "low", "data-loading": "low", "custom-extensions": "low",
    }


def _article_edition_with_shipped_presets(shipped) -> Edition:
    import yaml

    data = yaml.safe_load((shipped / "editions" / "2017" / "edition.yaml").read_text(encoding="utf-8"))
    presets = tuple(
        Preset(p["id"], p["title"], "", {cid: LEVELS.index(level) for cid, level in p["priorities"].items()})
        for p in data["presets"]
    )
    return edition_of(ARTICLE_VERDICTS, presets)


def test_article_verdicts_all_normal_is_a_tie(shipped):
    check_all_normal_is_a_tie(_article_edition_with_shipped_presets(shipped))


def test_article_verdicts_research_preset(shipped):
    check_research_preset(_article_edition_with_shipped_presets(shipped))


def test_article_verdicts_deployment_preset(shipped):
    check_deployment_preset(_article_edition_with_shipped_presets(shipped))


def test_shipped_2017_all_normal_is_a_tie(shipped_2017):
    check_all_normal_is_a_tie(shipped_2017)


def test_shipped_2017_research_preset_puts_pytorch_ahead(shipped_2017):
    check_research_preset(shipped_2017)


def test_shipped_2017_deployment_preset_puts_tensorflow_ahead(shipped_2017):
    check_deployment_preset(shipped_2017)


def test_shipped_2017_tipping_from_a_tie(shipped_2017):
    board = score(shipped_2017, TWO, default_priorities(shipped_2017))
    # From 8-8, raising any single scored criterion by one step breaks the tie in its winner's favour.
    assert board.tipping(shipped_2017.criterion("ramp-up-time")) == Tipping("ramp-up-time", NORMAL, HIGH, "pytorch")
    assert board.tipping(shipped_2017.criterion("deployment")) == Tipping("deployment", NORMAL, HIGH, "tensorflow")
    assert board.tipping(shipped_2017.criterion("documentation")) is None
    assert board.tipping(shipped_2017.criterion("keras")) is None
    assert board.cheapest_tipping.steps == 1


# --- generated editions, three frameworks ----------------------------------------------------


def test_three_frameworks_hand_computed(kdir3):
    knowledge = load_knowledge(kdir3).knowledge
    edition = knowledge.edition()
    frameworks = tuple(f.id for f in knowledge.frameworks)
    assert frameworks == ("pytorch", "tensorflow", "jax")
    # c0 pytorch, c1 tensorflow, c2 jax, c3 jax, c4 tie, c5 note, c6 pytorch
    board = score(edition, frameworks, default_priorities(edition))
    # all normal: pytorch 2+2=4, tensorflow 2, jax 2+2=4 -> tie at the top
    assert board.totals == {"pytorch": 4, "tensorflow": 2, "jax": 4}
    assert board.leader is None and board.margin == 0

    priorities = {"c00000": HIGH, "c00001": HIGH, "c00002": LOW, "c00003": OFF, "c00004": HIGH, "c00005": HIGH, "c00006": LOW}
    board = score(edition, frameworks, priorities)
    # pytorch 3+1=4, tensorflow 3, jax 1+0=1; tie and note add nothing
    assert board.totals == {"pytorch": 4, "tensorflow": 3, "jax": 1}
    assert board.leader == "pytorch" and board.margin == 1
    # at stake: c0 3 + c1 3 + c2 1 + c3 0 + c6 1 = 8 (the tie c4 and the note c5 are worth nothing)
    assert board.possible == 8 == sum(board.totals.values())
    # off-level and non-scoring criteria contribute nothing
    by_id = {c.criterion.id: c for c in board.contributions()}
    assert by_id["c00003"].points == 0 and by_id["c00003"].framework == "jax"
    assert by_id["c00004"].points == 0 and by_id["c00004"].framework is None
    assert by_id["c00005"].points == 0 and by_id["c00005"].framework is None
    assert by_id["c00000"].points == 3 and by_id["c00000"].framework == "pytorch"
    assert [c.criterion.id for c in board.reasons("pytorch")] == ["c00000", "c00006"]

    # raising tensorflow's c1 is impossible (already high); lowering pytorch's c0 by one makes it a tie 3-3
    assert board.tipping(edition.criterion("c00000")) == Tipping("c00000", HIGH, NORMAL, None)
    # tensorflow's c1 at high: lowering only widens the gap -> no change possible
    assert board.tipping(edition.criterion("c00001")) is None
    # jax's c3 at off: to 3 gives jax 4 vs pytorch 4 -> tie, 3 steps; no smaller change alters the leader
    assert board.tipping(edition.criterion("c00003")) == Tipping("c00003", OFF, HIGH, None)
    # jax's c2 at low: to high gives jax 3 -> pytorch still leads -> None
    assert board.tipping(edition.criterion("c00002")) is None
    assert board.tipping(edition.criterion("c00004")) is None
    cheapest = board.cheapest_tipping
    assert cheapest.steps == 1 and cheapest.new_leader is None
    assert cheapest.criterion_id in {"c00000", "c00006"}


def test_three_frameworks_leader_flip(kdir3):
    knowledge = load_knowledge(kdir3).knowledge
    edition = knowledge.edition()
    frameworks = tuple(f.id for f in knowledge.frameworks)
    priorities = {"c00000": LOW, "c00001": HIGH, "c00002": LOW, "c00003": LOW, "c00006": LOW}
    board = score(edition, frameworks, priorities)
    # pytorch 1+1=2, tensorflow 3, jax 1+1=2
    assert board.totals == {"pytorch": 2, "tensorflow": 3, "jax": 2}
    assert board.leader == "tensorflow" and board.margin == 1
    # raising jax's c2 from low to normal: jax 3 = tensorflow 3 -> tie
    assert board.tipping(edition.criterion("c00002")) == Tipping("c00002", LOW, NORMAL, None)
    # lowering tensorflow's c1 by one: 2,2,2 -> tie
    assert board.tipping(edition.criterion("c00001")) == Tipping("c00001", HIGH, NORMAL, None)
    after = board.with_priority("c00002", HIGH)
    # jax 3+1=4 leads tensorflow 3 by 1
    assert after.totals == {"pytorch": 2, "tensorflow": 3, "jax": 4}
    assert after.leader == "jax" and after.margin == 1


def test_two_framework_tipping_hand_computed():
    edition = edition_of({"a": "pytorch", "b": "pytorch", "c": "tensorflow"})
    board = score(edition, TWO, {})
    # all normal: pytorch 4, tensorflow 2, margin 2
    assert board.totals == {"pytorch": 4, "tensorflow": 2} and board.margin == 2
    # a: one step either way keeps pytorch ahead (5-2, 3-2); two steps down (to off) ties 2-2
    assert board.tipping(edition.criterion("a")) == Tipping("a", NORMAL, OFF, None)
    # c: tensorflow's best is high, 3 < 4 -> nothing changes the leader
    assert board.tipping(edition.criterion("c")) is None
    assert board.cheapest_tipping == Tipping("a", NORMAL, OFF, None)
    assert board.cheapest_tipping.steps == 2

    flip = score(edition, TWO, {"a": LOW, "b": OFF, "c": NORMAL})
    # pytorch 1, tensorflow 2 -> tensorflow leads by 1; raising a to normal ties; raising b to low ties
    assert flip.leader == "tensorflow" and flip.margin == 1
    assert flip.tipping(edition.criterion("a")) == Tipping("a", LOW, NORMAL, None)
    assert flip.tipping(edition.criterion("b")) == Tipping("b", OFF, LOW, None)
    assert flip.tipping(edition.criterion("c")) == Tipping("c", NORMAL, LOW, None)


def test_tie_then_one_step_gives_a_new_leader():
    edition = edition_of({"a": "pytorch", "b": "tensorflow", "n": None, "t": TIE})
    board = score(edition, TWO, {})
    assert board.leader is None
    assert board.tipping(edition.criterion("a")) == Tipping("a", NORMAL, HIGH, "pytorch")
    assert board.tipping(edition.criterion("b")) == Tipping("b", NORMAL, HIGH, "tensorflow")
    assert board.tipping(edition.criterion("n")) is None
    assert board.tipping(edition.criterion("t")) is None


def test_off_criteria_contribute_zero():
    edition = edition_of({"a": "pytorch", "b": "pytorch", "c": "tensorflow"})
    board = score(edition, TWO, {"a": OFF, "b": OFF, "c": OFF})
    assert board.totals == {"pytorch": 0, "tensorflow": 0}
    assert board.leader is None
    assert all(c.points == 0 for c in board.contributions())
    assert board.reasons("pytorch") == []
    # and turning one on changes only its framework's total, by its level
    assert board.with_priority("c", LOW).totals == {"pytorch": 0, "tensorflow": 1}


def test_the_explanation_of_a_score():
    """Points per criterion and side, the points at stake, the runner-up, and what the leader gives up."""
    edition = edition_of({"a": "pytorch", "b": "pytorch", "c": "tensorflow", "d": "tensorflow", "t": TIE, "n": None})
    board = score(edition, TWO, {"a": HIGH, "b": LOW, "c": HIGH, "d": OFF, "t": HIGH, "n": HIGH})
    # pytorch a 3 + b 1 = 4, tensorflow c 3 + d 0 = 3; the tie and the note score nothing even at high
    assert board.totals == {"pytorch": 4, "tensorflow": 3}
    assert board.possible == 7
    assert board.leader == "pytorch" and board.runner_up == "tensorflow"
    by_id = {c.criterion.id: c for c in board.contributions()}
    assert [(by_id[i].points_for("pytorch"), by_id[i].points_for("tensorflow")) for i in "abcdtn"] == [
        (3, 0), (1, 0), (0, 3), (0, 0), (0, 0), (0, 0)]
    assert [c.criterion.id for c in board.won_by("pytorch")] == ["a", "b"]
    assert [c.criterion.id for c in board.won_by("tensorflow")] == ["c"], "an off criterion wins nothing"
    assert [c.criterion.id for c in board.trade_offs()] == ["c"], "only high priorities the other side wins"
    assert board.with_priority("c", NORMAL).trade_offs() == []
    tie = score(edition, TWO, {"a": HIGH, "c": HIGH, "b": OFF, "d": OFF})
    assert tie.leader is None and tie.runner_up is None and tie.trade_offs() == []
    assert points_legend() == "off 0, low 1, normal 2, high 3"


def test_leader_of():
    assert leader_of({}) == (None, 0)
    assert leader_of({"a": 5}) == ("a", 5)
    assert leader_of({"a": 5, "b": 5}) == (None, 0)
    assert leader_of({"a": 5, "b": 5, "c": 1}) == (None, 0)
    assert leader_of({"a": 1, "b": 5, "c": 3}) == ("b", 2)


def test_default_priorities_and_unknown_preset():
    preset = Preset("p", "P", "", {"a": HIGH})
    edition = edition_of({"a": "pytorch", "b": "tensorflow"}, (preset,))
    assert default_priorities(edition) == {"a": NORMAL, "b": NORMAL}
    assert default_priorities(edition, "p") == {"a": HIGH, "b": NORMAL}
    with pytest.raises(KeyError):
        default_priorities(edition, "nope")


def test_parse_level():
    assert [parse_level(x) for x in ("off", "LOW", " normal ", "high", "0", "3")] == [0, 1, 2, 3, 0, 3]
    for bad in ("extreme", "4", "-1", ""):
        with pytest.raises(ValueError, match="off \\(0\\), low \\(1\\), normal \\(2\\), high \\(3\\)"):
            parse_level(bad)


def test_with_priority_rejects_bad_input():
    edition = edition_of({"a": "pytorch"})
    board = score(edition, TWO, {})
    with pytest.raises(ValueError):
        board.with_priority("a", 4)
    with pytest.raises(KeyError):
        board.with_priority("zzz", 1)


@pytest.mark.parametrize("frameworks", [2, 3])
def test_with_priority_equals_full_rescore(tmp_path, frameworks):
    verdicts = ["pytorch", "tensorflow", "tie", None, "pytorch"] + (["jax"] if frameworks == 3 else [])
    root = make_knowledge(tmp_path / "k", frameworks=frameworks, criteria=24, verdicts=verdicts)
    knowledge = load_knowledge(root).knowledge
    edition = knowledge.edition()
    ids = tuple(f.id for f in knowledge.frameworks)
    rng = random.Random(20170817 + frameworks)
    board = score(edition, ids, default_priorities(edition))
    priorities = dict(board.priorities)
    for _ in range(600):
        criterion = rng.choice(edition.criteria)
        level = rng.randrange(len(LEVELS))
        board = board.with_priority(criterion.id, level)
        priorities[criterion.id] = level
        full = score(edition, ids, priorities)
        assert dict(board.totals) == dict(full.totals)
        assert dict(board.priorities) == priorities
        assert (board.leader, board.margin) == (full.leader, full.margin)
        assert {k: v for k, v in board.groups.items() if v} == {k: v for k, v in full.groups.items() if v}
        probe = rng.choice(edition.criteria)
        assert board.tipping(probe) == full.tipping(probe)
        assert (board.cheapest_tipping is None) == (full.cheapest_tipping is None)
        if full.cheapest_tipping is not None:
            assert board.cheapest_tipping.steps == full.cheapest_tipping.steps


def test_tipping_is_really_the_smallest_change():
    """Brute force: no change of fewer steps alters the leader, and the reported one does."""
    rng = random.Random(7)
    verdicts = {f"c{n}": rng.choice(["pytorch", "tensorflow", "jax", TIE, None]) for n in range(9)}
    edition = edition_of(verdicts)
    ids = ("pytorch", "tensorflow", "jax")
    for _ in range(200):
        priorities = {cid: rng.randrange(4) for cid in verdicts}
        board = score(edition, ids, priorities)
        for criterion in edition.criteria:
            tip = board.tipping(criterion)
            changes = [
                (abs(level - priorities[criterion.id]), level)
                for level in range(4)
                if score(edition, ids, {**priorities, criterion.id: level}).leader != board.leader
            ]
            if tip is None:
                assert changes == []
            else:
                assert tip.steps == min(steps for steps, _ in changes)
                assert score(edition, ids, {**priorities, criterion.id: tip.to_level}).leader == tip.new_leader
        cheapest = board.cheapest_tipping
        tips = [t for t in (board.tipping(c) for c in edition.criteria) if t is not None]
        assert (cheapest is None) == (not tips)
        if cheapest is not None:
            assert cheapest.steps == min(t.steps for t in tips)
