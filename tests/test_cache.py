"""The parsed-knowledge cache: used when nothing changed, never when anything did, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from corehelp import criterion_path, edit_yaml
from factory import make_knowledge
from fwtui import cache
from fwtui.cache import load_cached
from fwtui.loader import load_knowledge


@pytest.fixture
def root(tmp_path):
    return make_knowledge(tmp_path / "k", criteria=5)


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def test_a_second_start_reads_the_cache_and_gets_the_same_knowledge(root, cache_dir, monkeypatch):
    first, problems = load_cached(root, cache_dir)
    assert first == load_knowledge(root).knowledge and problems == []
    monkeypatch.setattr("fwtui.loader.load_knowledge", lambda root: pytest.fail("loaded again"))
    second, _ = load_cached(root, cache_dir)
    assert second == first


@pytest.mark.parametrize("change", ["edit", "add", "remove", "touch"])
def test_any_change_to_the_files_is_a_miss(root, cache_dir, change):
    load_cached(root, cache_dir)
    path = criterion_path(root, 1)
    if change == "edit":
        edit_yaml(path, lambda data: data.update(title="Retitled"))
    elif change == "add":
        (path.parent / "c00009.yaml").write_text(path.read_text().replace("c00001", "c00009"))
    elif change == "remove":
        path.unlink()
    else:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    knowledge, _ = load_cached(root, cache_dir)
    assert knowledge == load_knowledge(root).knowledge


def test_an_edit_behind_a_linked_criterion_is_a_miss(root, cache_dir):
    """A criterion file may be a link (to a shared copy inside the directory): what it leads to counts."""
    path = criterion_path(root, 1)
    shared = root / "shared"
    shared.mkdir()
    target = shared / path.name
    path.rename(target)
    path.symlink_to(os.path.relpath(target, path.parent))
    load_cached(root, cache_dir)
    edit_yaml(target, lambda data: data.update(title="Retitled through the link"))
    knowledge, _ = load_cached(root, cache_dir)
    assert knowledge.edition().criterion("c00001").title == "Retitled through the link"


def test_problems_come_back_from_the_cache_too(root, cache_dir):
    edit_yaml(criterion_path(root, 2), lambda data: data.update(verdict="caffe"))
    _, first = load_cached(root, cache_dir)
    _, second = load_cached(root, cache_dir)
    assert first and [str(p) for p in second] == [str(p) for p in first]


def cache_file(cache_dir):
    files = list(cache_dir.glob("*.pickle"))
    assert len(files) == 1
    return files[0]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_a_corrupt_cache_is_a_miss(root, cache_dir, damage):
    load_cached(root, cache_dir)
    cache_file(cache_dir).write_bytes(damage)
    knowledge, _ = load_cached(root, cache_dir)
    assert knowledge == load_knowledge(root).knowledge


def test_a_cache_holding_anything_but_knowledge_is_never_unpickled_into_it(root, cache_dir, tmp_path):
    load_cached(root, cache_dir)
    key = cache._identity(root)
    marker = tmp_path / "pwned"
    class Boom:  # would run a command when loaded by a plain pickle.load
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache_file(cache_dir).write_bytes(pickle.dumps((key, (Boom(), []))))
    knowledge, _ = load_cached(root, cache_dir)
    assert not marker.exists()
    assert knowledge == load_knowledge(root).knowledge


def test_an_unwritable_cache_folder_is_no_cache_and_no_error(root, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be")
    knowledge, _ = load_cached(root, blocker / "knowledge")
    assert knowledge == load_knowledge(root).knowledge


async def test_the_explorer_writes_the_cache_after_its_first_frame_and_opens_from_it(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from uihelp import wait_for

    from fwtui.cli import build_explorer

    root = make_knowledge(tmp_path / "k", criteria=5)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    args = SimpleNamespace(knowledge=str(root), edition=None, preset=None, fresh=True, from_decision=None,
                           python=None, overlay=[], no_overlay=False)
    cache_files = lambda: list((tmp_path / "xdg-cache" / "fwtui" / "knowledge").glob("*.pickle"))  # noqa: E731
    app = build_explorer(args)
    assert cache_files() == []  # not written before the first frame: it would only delay it
    async with app.run_test() as pilot:
        await wait_for(pilot, cache_files)
    app.finish_background_work()
    monkeypatch.setattr("fwtui.loader.load_knowledge", lambda root: pytest.fail("loaded again"))
    assert build_explorer(args).title == "fwtui"


def test_an_explorer_that_never_drew_still_leaves_its_cache(tmp_path, monkeypatch):
    """Closed before its first frame (a crash, a signal): run_explorer's finish writes what was put off."""
    from types import SimpleNamespace

    from fwtui.cli import build_explorer

    root = make_knowledge(tmp_path / "k", criteria=5)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    args = SimpleNamespace(knowledge=str(root), edition=None, preset=None, fresh=True, from_decision=None,
                           python=None, overlay=[], no_overlay=False)
    build_explorer(args).finish_background_work()
    assert list((tmp_path / "xdg-cache" / "fwtui" / "knowledge").glob("*.pickle"))


LOAD_CACHED = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a runaway read fails here, not on the machine
from fwtui.cache import load_cached
knowledge, problems = load_cached(Path(sys.argv[1]), Path(sys.argv[2]))
print(len(knowledge.editions), len(problems))
"""


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_cache_file_that_is_not_a_regular_file_is_a_miss_not_a_hang(root, cache_dir, kind):
    import subprocess
    import sys

    load_cached(root, cache_dir)
    [path] = cache_dir.glob("*.pickle")
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = subprocess.run([sys.executable, "-c", LOAD_CACHED, str(root), str(cache_dir)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "0"]
    assert path.is_file() and not path.is_symlink(), "written again as a regular file"


WARM_START_IMPORTS = """
import sys
from types import SimpleNamespace
from fwtui.cli import build_explorer
args = SimpleNamespace(knowledge=sys.argv[1], edition=None, preset=None, fresh=True, from_decision=None, python=None,
                       overlay=[], no_overlay=False)
build_explorer(args).finish_background_work()  # as run_explorer ends: a cold start leaves its cache
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "fwtui"))))
"""


def test_a_warm_start_imports_neither_the_yaml_reader_nor_export_or_verify(tmp_path):
    """What the explorer does not need to draw its first frame stays off the start-up path."""
    root = make_knowledge(tmp_path / "k", criteria=5)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg-cache"), XDG_STATE_HOME=str(tmp_path / "xdg-state"))
    run = lambda: subprocess.run([sys.executable, "-c", WARM_START_IMPORTS, str(root)], env=env,  # noqa: E731
                                 capture_output=True, text=True, check=True).stdout.split()
    cold = run()
    assert "fwtui.loader" in cold  # the first start parses the YAML and fills the cache
    warm = run()
    assert "fwtui.screens.main" in warm
    heavy = {"yaml", "fwtui.loader", "fwtui.yamlsafe", "fwtui.export", "fwtui.verify", "fwtui.envinfo"}
    assert heavy.isdisjoint(warm), sorted(heavy.intersection(warm))


# --- the memo (highlighted snippets kept between runs) ------------------------------------------------


def test_a_memo_comes_back_in_the_next_run_under_its_key_only(tmp_path):
    path = tmp_path / "cache" / "memo.pickle"
    memo = cache.Memo(path, "v1")
    assert memo.get(("python", "x = 1")) is None
    memo.put(("python", "x = 1"), ((0, 5, "$text"),))
    memo.save()
    assert cache.Memo(path, "v1").get(("python", "x = 1")) == ((0, 5, "$text"),)
    assert cache.Memo(path, "v2").get(("python", "x = 1")) is None  # other code made it: not used


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("v1", ["a", "list"]))[:-3]])
def test_a_damaged_memo_is_empty_and_no_error(tmp_path, damage):
    path = tmp_path / "memo.pickle"
    path.write_bytes(damage)
    assert cache.Memo(path, "v1").get("anything") is None


def test_a_memo_builds_no_class_from_its_file(tmp_path):
    marker = tmp_path / "pwned"

    class Boom:  # would run a command when loaded by a plain pickle.load
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = tmp_path / "memo.pickle"
    path.write_bytes(pickle.dumps(("v1", {"item": Boom()})))
    assert cache.Memo(path, "v1").get("item") is None
    assert not marker.exists()


def test_a_memo_keeps_the_entries_used_last_and_cannot_fail_to_save(tmp_path):
    path = tmp_path / "memo.pickle"
    memo = cache.Memo(path, "v1", limit=2)
    for item in "abc":
        memo.put(item, item.upper())
    memo.get("a")  # used again: kept over b
    memo.save()
    kept = cache.Memo(path, "v1")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    unsaved = cache.Memo(blocked / "memo.pickle", "v1")
    unsaved.put("a", "A")
    unsaved.save()  # no error: a memo that cannot be written is not kept


# --- the bundle's snapshot (tools/make_bundle.py) ---------------------------------------------------


def test_a_snapshot_holds_the_knowledge_as_the_loader_gives_it(root):
    data, problems = cache.snapshot(root)
    assert problems == []
    assert cache._decode(data, cache.SNAPSHOT_KEY) == (load_knowledge(root).knowledge, [])
    assert cache._decode(data, "a cache key") is None  # a snapshot is never taken for a cache file, nor the reverse


def test_a_snapshot_reports_the_problems_that_keep_knowledge_out_of_a_bundle(root):
    criterion_path(root, 1).write_text("id: c00001\ntitle: [broken\n", encoding="utf-8")
    _, problems = cache.snapshot(root)
    assert [p.path for p in problems] == [str(criterion_path(root, 1))]
