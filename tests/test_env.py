"""`fwtui env`: frameworks found without importing them, GPUs from a (fake) nvidia-smi, advice, JSON."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from corehelp import criterion_path, edit_yaml
from factory import make_knowledge
from fwtui import envinfo
from fwtui.envinfo import collect, query_gpus, visible_gpu_count
from fwtui.loader import load_knowledge

CSV = "NVIDIA H100 80GB HBM3, 81559, 1024\nNVIDIA H100 80GB HBM3, 81559, [N/A]\n"


def fake_smi(bindir: Path, body: str) -> Path:
    bindir.mkdir(parents=True, exist_ok=True)
    script = bindir / "nvidia-smi"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


@pytest.fixture
def no_smi(tmp_path, monkeypatch):
    """PATH without any nvidia-smi."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def smi(tmp_path, monkeypatch):
    """PATH with a fake nvidia-smi listing two GPUs, and no active env (as when the suite runs from an activated venv)."""
    bindir = tmp_path / "bin"
    fake_smi(bindir, f"cat <<'EOF'\n{CSV}EOF\n")
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    return bindir


@pytest.fixture
def fake_tensorflow(tmp_path, monkeypatch):
    """A ``tensorflow`` package from a ``tensorflow-cpu`` distribution; importing it leaves a marker."""
    site = tmp_path / "site"
    package = site / "tensorflow"
    package.mkdir(parents=True)
    marker = tmp_path / "imported"
    (package / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    info = site / "tensorflow_cpu-2.21.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tensorflow-cpu\nVersion: 2.21.0\n")
    (info / "top_level.txt").write_text("tensorflow\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    return marker


@pytest.fixture
def nothing_watched(monkeypatch):
    """Only the knowledge's modules are looked for (torch and friends may exist on a dev machine)."""
    monkeypatch.setattr(envinfo, "WATCHED_MODULES", ())


def knowledge_with(tmp_path: Path, modules: dict[str, str], device_management: bool = False):
    root = make_knowledge(tmp_path / "k", criteria=2)

    def change(data):
        for framework in data["frameworks"]:
            framework["module"] = modules.get(framework["id"], framework["module"])

    edit_yaml(root / "manifest.yaml", change)
    if device_management:
        path = criterion_path(root, 1)
        edit_yaml(path, lambda data: data.update(id="device-management", title="Device management"))
        path.rename(path.with_name("device-management.yaml"))
    result = load_knowledge(root)
    assert result.ok, result.problems
    return result.knowledge


def test_found_without_importing_and_mapped_to_its_distribution(tmp_path, fake_tensorflow, no_smi, nothing_watched):
    knowledge = knowledge_with(tmp_path, {"pytorch": "fwtui_no_such_module_xyz"})
    info = collect(knowledge, environ={})
    by_module = {m.module: m for m in info.modules}
    assert set(by_module) == {"fwtui_no_such_module_xyz", "tensorflow"}
    tf = by_module["tensorflow"]
    assert (tf.installed, tf.version, tf.distribution, tf.framework, tf.name) == (
        True, "2.21.0", "tensorflow-cpu", "tensorflow", "TensorFlow")
    assert not by_module["fwtui_no_such_module_xyz"].installed
    assert not fake_tensorflow.exists(), "env must not import the frameworks"
    assert "tensorflow" not in sys.modules


def test_watched_modules_are_the_union_of_manifest_and_the_usual_four(tmp_path):
    knowledge = knowledge_with(tmp_path, {"pytorch": "json", "tensorflow": "tensorflow.keras"})
    names = [m for m, _, _ in envinfo.watched_modules(knowledge)]
    assert names == ["json", "tensorflow", "torch", "jax", "keras"]
    assert [m for m, _, _ in envinfo.watched_modules(None)] == ["torch", "tensorflow", "jax", "keras"]


def test_stdlib_module_has_no_distribution(tmp_path, no_smi, nothing_watched):
    info = collect(knowledge_with(tmp_path, {"pytorch": "json"}), environ={})
    json_module = info.installed("json")
    assert json_module is not None and json_module.version is None and json_module.location


def test_no_gpu_and_no_frameworks_is_said_plainly(cli, tmp_path, no_smi, nothing_watched):
    knowledge_with(tmp_path, {"pytorch": "fwtui_missing_a", "tensorflow": "fwtui_missing_b"})
    result = cli("env", "--knowledge", tmp_path / "k")
    assert result.status == 0
    assert "Frameworks: none of these is installed" in result.out
    assert "GPUs: none found (nvidia-smi is not on PATH)" in result.out
    assert "No NVIDIA GPU on this node (nvidia-smi is not on PATH): everything runs on the CPU." in result.out
    assert "None of fwtui_missing_a, fwtui_missing_b is installed for this Python" in result.out


def test_fake_nvidia_smi_gpus_and_tensorflow_memory_advice_cites_the_criterion(
        tmp_path, smi, fake_tensorflow, nothing_watched):
    knowledge = knowledge_with(tmp_path, {}, device_management=True)
    info = collect(knowledge, environ={})
    assert [(g.index, g.name, g.memory_total_mib, g.memory_used_mib) for g in info.gpu.gpus] == [
        (0, "NVIDIA H100 80GB HBM3", 81559, 1024), (1, "NVIDIA H100 80GB HBM3", 81559, None),
    ]
    advice = {a.id: a for a in info.advice}
    growth = advice["tensorflow-memory-growth"]
    assert "nearly all the memory" in growth.message
    assert (growth.citation.criterion, growth.citation.edition) == ("device-management", "e1")
    assert "all-gpus-visible" in advice
    assert "no-gpu" not in advice and "no-frameworks" not in advice


def test_memory_growth_enabled_or_gpus_hidden_changes_the_advice(tmp_path, smi, fake_tensorflow, nothing_watched):
    knowledge = knowledge_with(tmp_path, {})
    grown = collect(knowledge, environ={"TF_FORCE_GPU_ALLOW_GROWTH": "true", "CUDA_VISIBLE_DEVICES": "1"})
    assert [a.id for a in grown.advice] == []
    hidden = collect(knowledge, environ={"CUDA_VISIBLE_DEVICES": ""})
    assert [a.id for a in hidden.advice] == ["gpus-hidden"]
    assert hidden.advice[0].citation is None, "no device-management criterion in this knowledge: no citation"
    assert "hides both GPUs" in hidden.advice[0].message


def test_memory_growth_value_tensorflow_would_ignore(tmp_path, smi, fake_tensorflow, nothing_watched):
    info = collect(knowledge_with(tmp_path, {}), environ={"TF_FORCE_GPU_ALLOW_GROWTH": "True",
                                                          "CUDA_VISIBLE_DEVICES": "0"})
    assert [a.id for a in info.advice] == ["tensorflow-memory-growth", "tensorflow-memory-growth-unparsable"]
    assert "TF_FORCE_GPU_ALLOW_GROWTH='True' is ignored" in info.advice[1].message


def test_citation_follows_a_renamed_criterion(tmp_path):
    knowledge = knowledge_with(tmp_path, {})
    assert envinfo.cite(knowledge, "device-management") is None
    path = criterion_path(tmp_path / "k", 0)
    edit_yaml(path, lambda data: data.update(previous_ids=["device-management"]))
    renamed = load_knowledge(tmp_path / "k").knowledge
    assert envinfo.cite(renamed, "device-management").criterion == "c00000"


def test_failing_nvidia_smi_is_one_line(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    fake_smi(bindir, "echo 'NVIDIA-SMI has failed because it could not communicate with the driver' >&2\nexit 9\n")
    monkeypatch.setenv("PATH", str(bindir))
    report = query_gpus()
    assert report.gpus == ()
    assert report.error == "nvidia-smi failed: NVIDIA-SMI has failed because it could not communicate with the driver"


def test_hanging_nvidia_smi_is_bounded_by_the_timeout(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    fake_smi(bindir, "sleep 30\n")  # a grandchild holding the pipe, too
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    started = time.monotonic()
    report = query_gpus(timeout=1)
    assert time.monotonic() - started < 25  # the fake nvidia-smi would hang 30 s
    assert report.error == "nvidia-smi did not answer within 1 s"
    info = collect(None, environ={}, gpu_timeout=0.5)
    assert "no-gpu" not in [a.id for a in info.advice], "unknown is not the same as none"


def test_visible_gpu_count_reads_cuda_visible_devices_like_cuda():
    assert visible_gpu_count(4, None) == 4
    assert visible_gpu_count(4, "") == 0
    assert visible_gpu_count(4, "-1") == 0
    assert visible_gpu_count(4, "0,2") == 2
    assert visible_gpu_count(4, "1,7,2") == 1  # cut at the first index that names no device
    assert visible_gpu_count(2, "GPU-8e3a,GPU-9f1b") == 2
    assert visible_gpu_count(0, "0") == 0


def test_json_shape_is_stable(cli, tmp_path, smi, nothing_watched):
    knowledge_with(tmp_path, {"pytorch": "json"}, device_management=True)
    result = cli("env", "--json", "--knowledge", tmp_path / "k")
    assert result.status == 0
    data = json.loads(result.out)
    assert set(data) == {"format", "python", "platform", "frameworks", "gpus", "environment", "advice", "knowledge",
                         "interpreters"}
    assert data["format"] == 1  # interpreters were added; no field changed meaning
    assert set(data["python"]) == {"version", "executable"}
    assert data["python"]["version"].count(".") == 2
    for framework in data["frameworks"]:
        assert set(framework) == {"module", "framework", "name", "installed", "version", "distribution", "location"}
    assert [f["module"] for f in data["frameworks"]] == ["json", "tensorflow"]
    assert data["frameworks"][0]["installed"] is True and data["frameworks"][0]["framework"] == "pytorch"
    assert set(data["gpus"]) == {"nvidia_smi", "error", "count", "visible", "devices"}
    assert data["gpus"]["count"] == 2 and data["gpus"]["error"] is None
    assert data["gpus"]["devices"][1] == {"index": 1, "name": "NVIDIA H100 80GB HBM3",
                                          "memory_total_mib": 81559, "memory_used_mib": None}
    assert set(data["environment"]) == {"CUDA_VISIBLE_DEVICES", "TF_FORCE_GPU_ALLOW_GROWTH"}
    for advice in data["advice"]:
        assert set(advice) == {"id", "message", "criterion"}
    assert data["knowledge"]["content_version"] == "test.1"
    own = next(found for found in data["interpreters"] if "runs fwtui" in found["found_by"])
    assert set(own) == {"path", "found_by", "runs_fwtui", "version", "executable", "prefix", "pip",
                        "externally_managed", "error", "frameworks"}
    assert own["runs_fwtui"] is True and "runs fwtui" in own["found_by"] and own["error"] is None
    assert own["frameworks"] == data["frameworks"], "the top-level frameworks stay fwtui's own Python's"


def test_env_works_without_usable_knowledge(cli, tmp_path, no_smi):
    result = cli("env", "--json", "--knowledge", tmp_path / "nowhere")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["knowledge"] is None
    assert [f["module"] for f in data["frameworks"]] == ["torch", "tensorflow", "jax", "keras"]
