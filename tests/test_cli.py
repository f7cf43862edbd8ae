"""The ``liquidstate`` command: help, the demo, and clear errors for bad arguments."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from liquidstate.cli import main  # noqa: E402

DEMO_KEYS = {"schema_version", "version", "seed", "parameters", "network", "accuracy",
             "statistics", "timings", "files"}
SMALL_DEMO = ["--templates", "3", "--runs", "30", "--seeds", "2", "--shape", "5", "3", "3",
              "--no-progress"]


def test_help_exits_zero_and_lists_demo(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "Liquid State Machines" in out and "demo" in out


def test_demo_help(capsys):
    with pytest.raises(SystemExit) as e:
        main(["demo", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    for option in ("--out", "--seed", "--templates", "--runs", "--seeds", "--jitter",
                   "--shape"):
        assert option in out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().err


def test_demo_writes_plots_and_json(tmp_path, capsys):
    out = tmp_path / "demo"
    rc = main(["demo", "--out", str(out), "--seed", "3", *SMALL_DEMO])
    assert rc == 0
    for name in ("raster.png", "states.png", "accuracy.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "demo.json").read_text())
    assert DEMO_KEYS <= set(result)
    p = result["parameters"]
    assert p["n_templates"] == 3 and p["n_runs"] == 30 and p["shape"] == [5, 3, 3]
    assert result["seed"] == 3 and p["liquid_seeds"] == [3, 4]
    assert result["network"]["n_neurons"] == 45
    acc = result["accuracy"]
    assert len(acc["liquid"]) == 2 and 0.0 <= acc["control_mean"] <= 1.0
    assert acc["liquid_ci95"][0] <= acc["liquid_mean"] <= acc["liquid_ci95"][1]
    assert acc["chance"] == pytest.approx(1 / 3)
    for key in ("rate", "rate_e", "rate_i", "fraction_silent", "cv_isi", "synchrony"):
        assert key in result["statistics"]
    assert "benchmark_s" in result["timings"]
    import liquidstate

    assert result["version"] == liquidstate.__version__
    printed = capsys.readouterr().out
    assert "liquid" in printed and "control" in printed and "mean rate" in printed


@pytest.mark.parametrize("argv, name", [
    (["--runs", "-2"], "--runs"),
    (["--runs", "0"], "--runs"),
    (["--runs", "5"], "--runs"),
    (["--seeds", "0"], "--seeds"),
    (["--jitter", "abc"], "--jitter"),
    (["--templates", "0"], "--templates"),
    (["--shape", "3", "3"], "--shape"),
    (["--shape", "3", "0", "3"], "--shape"),
    (["--shape", "3", "x", "3"], "--shape"),
    (["--seed", "-1"], "--seed"),
])
def test_bad_arguments_exit_nonzero_naming_the_argument(tmp_path, capsys, argv, name):
    with pytest.raises(SystemExit) as e:
        main(["demo", "--out", str(tmp_path), *argv])
    assert e.value.code != 0
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err
    assert not (tmp_path / "demo.json").exists()


def test_unwritable_out_dir_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    with pytest.raises(SystemExit) as e:
        main(["demo", "--out", str(blocker / "sub"), *SMALL_DEMO])
    assert e.value.code != 0
    err = capsys.readouterr().err
    assert "--out" in err and "cannot be written" in err and "Traceback" not in err


def test_installed_console_script(tmp_path):
    script = Path(sys.executable).with_name("liquidstate")
    if not script.exists():
        pytest.skip("console script not installed next to this Python")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = tmp_path / "cli"
    res = subprocess.run([str(script), "demo", "--out", str(out), *SMALL_DEMO],
                         capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, res.stderr
    assert "firing statistics" in res.stdout and "control" in res.stdout
    assert (out / "raster.png").is_file() and (out / "demo.json").is_file()
    bad = subprocess.run([str(script), "demo", "--runs", "-1"], capture_output=True,
                         text=True, timeout=60, env=env)
    assert bad.returncode == 2 and "--runs" in bad.stderr and "Traceback" not in bad.stderr


# ---------------------------------------------------------------- liquidstate run
SMALL_CONFIG = """\
n_templates = 3
n_runs = 30
duration = 0.2
seeds = [0, 1]
[network]
shape = [3, 3, 3]
"""


def test_help_lists_run(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "run" in out and "templates" in out


def test_run_help_lists_the_tasks_and_their_keys(capsys):
    with pytest.raises(SystemExit) as e:
        main(["run", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    from liquidstate.experiments.runner import TASKS

    for option in ("--config", "--out", "--seed", "TASK"):
        assert option in out
    for name, task in TASKS.items():
        assert f"{name}:" in out
        for key in task.schema.keys():
            assert key in out, key
    assert "results.json" in out and "unknown key" in out


@pytest.mark.parametrize("task", ["templates", "memory", "fsdd"])
def test_run_task_help_lists_that_tasks_keys_only(capsys, task):
    from liquidstate.experiments.runner import TASKS

    with pytest.raises(SystemExit) as e:
        main(["run", task, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: liquidstate run") and f"{task}:" in out
    for key in TASKS[task].schema.keys():
        assert key in out, key
    others = [name for name in TASKS if name != task]
    assert not any(f"  {name}:" in out for name in others)


@pytest.mark.parametrize("task", ["templates", "separation", "speech"])
def test_run_print_config_writes_a_valid_documented_config(tmp_path, capsys, task):
    from liquidstate.config import load_config
    from liquidstate.experiments.runner import TASKS

    assert main(["run", task, "--print-config"]) == 0
    text = capsys.readouterr().out
    path = tmp_path / "c.toml"
    path.write_text(text)
    schema = TASKS[task].schema
    assert load_config(schema, path) == schema.defaults()
    flat = " ".join(text.replace("\n# ", " ").split())          # comments unwrapped
    for p in schema.params:
        assert f"{p.name} =" in text and p.expected in flat, p.name


def test_run_with_a_config_writes_results_and_plot(tmp_path, capsys):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_CONFIG)
    out = tmp_path / "run"
    rc = main(["run", "templates", "--config", str(config), "--out", str(out), "--seed", "3",
               "--no-progress"])
    assert rc == 0
    assert (out / "accuracy.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "results.json").read_text())
    import liquidstate

    assert result["version"] == liquidstate.__version__ and result["seed"] == 3
    assert result["parameters"]["seeds"] == [3, 4] and result["parameters"]["n_templates"] == 3
    acc = result["metrics"]["accuracy"]
    assert len(acc["liquid"]["per_seed"]) == 2 and "sd" in acc["liquid"]
    assert "mean" in acc["control"] and "total_s" in result["timings"]
    multi = result["metrics"]["accuracy_multi"]
    assert result["metrics"]["multi_tau"] == [0.01, 0.03, 0.1, 0.3]
    assert len(multi["liquid"]["per_seed"]) == 2 and "ci95" in multi["control"]
    assert result["files"] == {"accuracy": "accuracy.png", "results": "results.json"}
    printed = capsys.readouterr().out
    assert "liquid" in printed and "control" in printed and "accuracy.png" in printed
    assert "state 10, 30, 100, 300 ms" in printed


@pytest.mark.parametrize("text, key", [
    ("n_template = 3\n", "'n_template'"),
    ("[network]\nshap = [3, 3, 3]\n", "'network.shap'"),
    ("n_templates = 0\n", "'n_templates'"),
    ("[network]\nshape = [3, 3]\n", "'network.shape'"),
    ("seeds = 'one'\n", "'seeds'"),
])
def test_run_bad_config_exits_2_naming_the_key(tmp_path, capsys, text, key):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as e:
        main(["run", "templates", "--config", str(config), "--out", str(out)])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert key in err and str(config) in err and "Traceback" not in err
    assert not (out / "results.json").exists()


@pytest.mark.parametrize("argv, text", [
    (["run", "nope"], "invalid choice: 'nope'"),
    (["run"], "TASK"),
    (["run", "templates", "--seed", "-1"], "--seed"),
    (["run", "templates", "--config", "/nonexistent/c.toml"], "does not exist"),
])
def test_run_bad_arguments_exit_2(capsys, argv, text):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


# ---------------------------------------------------------------- segments and multitask
SMALL_NEW = {
    "segments": ("n_runs = 40\nseeds = [0, 1]\nmulti_tau = [0.03, 0.3]\n[network]\n"
                 "shape = [3, 3, 3]\n", "accuracy.png"),
    "multitask": ("n_train = 6\nn_test = 4\nduration = 0.4\nn_folds = 3\nseeds = [0, 1]\n"
                  "[network]\nshape = [3, 3, 3]\n", "r.png"),
}


@pytest.mark.parametrize("task", list(SMALL_NEW))
def test_run_new_tasks_from_the_command_line(tmp_path, capsys, task):
    text, plot = SMALL_NEW[task]
    config = tmp_path / "small.toml"
    config.write_text(text)
    out = tmp_path / "run"
    rc = main(["run", task, "--config", str(config), "--out", str(out), "--seed", "2",
               "--no-progress"])
    assert rc == 0
    assert (out / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "results.json").read_text())
    assert result["task"] == task and result["seed"] == 2
    assert result["parameters"]["seeds"] == [2, 3] and result["parameters"]["data_seed"] == 2
    assert result["files"] == {plot[:-4]: plot, "results": "results.json"}
    printed = capsys.readouterr().out
    assert "liquid" in printed and "control" in printed and plot in printed


@pytest.mark.parametrize("task, text, key", [
    ("segments", "segments = 4\n", "'segments'"),
    ("segments", "[network]\nshape = [3, 3]\n", "'network.shape'"),
    ("multitask", "n_trains = 10\n", "'n_trains'"),
    ("multitask", "taus = 0.03\n", "'taus'"),
])
def test_run_new_tasks_bad_config_exits_2(tmp_path, capsys, task, text, key):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as e:
        main(["run", task, "--config", str(config), "--out", str(out)])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert key in err and str(config) in err and "Traceback" not in err
    assert not (out / "results.json").exists()


# ---------------------------------------------------------------- narma and memory
SMALL_SEQUENCE = {
    "narma": (("seeds = [0, 1]\nn_train = 60\nn_test = 30\nwashout = 10\nesn = false\n"
               "[network]\nshape = [3, 3, 3]\n"), "nrmse.png"),
    "memory": (("seeds = [0, 1]\nmax_delay = 5\nn_train = 60\nn_test = 30\nwashout = 10\n"
                "esn = false\n[network]\nshape = [3, 3, 3]\n"), "memory.png"),
}


@pytest.mark.parametrize("task", list(SMALL_SEQUENCE))
def test_run_sequence_tasks_from_the_command_line(tmp_path, capsys, task):
    text, plot = SMALL_SEQUENCE[task]
    config = tmp_path / "small.toml"
    config.write_text(text)
    out = tmp_path / "run"
    rc = main(["run", task, "--config", str(config), "--out", str(out), "--seed", "2",
               "--no-progress"])
    assert rc == 0
    assert (out / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "results.json").read_text())
    assert result["task"] == task and result["seed"] == 2
    assert result["parameters"]["seeds"] == [2, 3] and result["parameters"]["data_seed"] == 2
    assert result["files"] == {plot[:-4]: plot, "results": "results.json"}
    metric = "nrmse" if task == "narma" else "mc"
    assert result["metrics"][metric]["esn"] is None
    printed = capsys.readouterr().out
    assert "liquid" in printed and "control" in printed and plot in printed


@pytest.mark.parametrize("task, text, key", [
    ("narma", "n_trian = 10\n", "'n_trian'"),
    ("narma", "step = 0\n", "'step'"),
    ("memory", "max_delay = 2.5\n", "'max_delay'"),
    ("memory", "[network]\nshape = [3, 3]\n", "'network.shape'"),
])
def test_run_sequence_tasks_bad_config_exits_2(tmp_path, capsys, task, text, key):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as e:
        main(["run", task, "--config", str(config), "--out", str(out)])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert key in err and str(config) in err and "Traceback" not in err
    assert not (out / "results.json").exists()


# ---------------------------------------------------------------- separation
SMALL_SEPARATION = """\
n_pairs = 6
duration = 0.2
window = [0.05, 0.2]
seeds = [0, 1]
[network]
shape = [3, 3, 3]
"""


def test_run_separation_from_the_command_line(tmp_path, capsys):
    config = tmp_path / "small.toml"
    config.write_text(SMALL_SEPARATION)
    out = tmp_path / "run"
    rc = main(["run", "separation", "--config", str(config), "--out", str(out), "--seed", "2",
               "--no-progress"])
    assert rc == 0
    assert (out / "separation.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "results.json").read_text())
    assert result["task"] == "separation" and result["seed"] == 2
    assert result["parameters"]["seeds"] == [2, 3] and result["parameters"]["data_seed"] == 2
    assert result["parameters"]["distances"] == [0.0, 0.1, 0.2, 0.4]
    assert result["files"] == {"separation": "separation.png", "results": "results.json"}
    m = result["metrics"]
    assert m["window"] == [0.05, 0.2] and m["distances"] == [0.0, 0.1, 0.2, 0.4]
    assert len(m["state_distance"]["mean"]) == 4
    assert len(m["grows_per_seed"]) == 2 and isinstance(m["grows"], bool)
    printed = capsys.readouterr().out
    assert "grows with the input distance" in printed and "separation.png" in printed


@pytest.mark.parametrize("text, key", [
    ("n_pair = 6\n", "'n_pair'"),
    ("window = [0.1]\n", "'window'"),
    ("distances = [0.1, 0.1]\n", "'distances'"),
    ("same_initial_state = 0\n", "'same_initial_state'"),
    ("[network]\nshape = [3, 3]\n", "'network.shape'"),
])
def test_run_separation_bad_config_exits_2_naming_the_key(tmp_path, capsys, text, key):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as e:
        main(["run", "separation", "--config", str(config), "--out", str(out)])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert key in err and str(config) in err and "Traceback" not in err
    assert not (out / "results.json").exists()


def test_run_separation_window_beyond_the_run_names_it(tmp_path, capsys):
    # checked by the experiment against the duration, before any simulation
    config = tmp_path / "late.toml"
    config.write_text(SMALL_SEPARATION.replace("window = [0.05, 0.2]", "window = [0.1, 0.3]"))
    with pytest.raises(SystemExit) as e:
        main(["run", "separation", "--config", str(config), "--out", str(tmp_path / "run")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "window" in err and "duration" in err and "Traceback" not in err


# ---------------------------------------------------------------- fsdd and speech
SMALL_SPEECH = """\
n_bands = 8
n_levels = 2
n_bins = 3
seeds = [0, 1]
tail = 0.02
[network]
shape = [3, 3, 3]
input_fraction = 0.3
"""


def _words(root, speakers=("ann", "bob"), n_index=6):
    """Chirps of three labels (300, 900, 2000 Hz) named '{label}_{speaker}_{index}.wav'."""
    sf = pytest.importorskip("soundfile")
    root.mkdir(parents=True, exist_ok=True)
    for label, f in (("a", 300.0), ("b", 900.0), ("c", 2000.0)):
        for s in speakers:
            for i in range(n_index):
                n = int(8000 * (0.15 + 0.01 * i))
                t = np.arange(n) / 8000
                sf.write(root / f"{label}_{s}_{i}.wav",
                         0.3 * np.sin(2 * np.pi * f * (1 + 0.3 * t) * t) * np.hanning(n), 8000)
    return root


@pytest.fixture
def speech_config(tmp_path):
    pytest.importorskip("librosa")
    config = tmp_path / "small.toml"
    config.write_text(f"cache_dir = {str(tmp_path / 'cache')!r}\n" + SMALL_SPEECH)
    return config


def test_run_speech_end_to_end(tmp_path, capsys, speech_config):
    words = _words(tmp_path / "words")
    (words / "b_ann_77.wav").write_bytes(b"not audio at all")
    out = tmp_path / "run"
    with pytest.warns(UserWarning, match="skipped 1 of"):
        rc = main(["run", "speech", "--data", str(words), "--test-speakers", "bob",
                   "--config", str(speech_config), "--out", str(out), "--seed", "4",
                   "--no-progress"])
    assert rc == 0
    for name in ("confusion_test.png", "accuracy.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = json.loads((out / "results.json").read_text())
    assert result["task"] == "speech" and result["seed"] == 4
    p = result["parameters"]
    assert p["path"] == str(words) and p["test_speakers"] == ["bob"]
    assert p["test_fraction"] is None and p["seeds"] == [4, 5] and p["split_seed"] == 4
    m = result["metrics"]
    assert set(m["test"]) >= {"liquid", "control", "mfcc", "difference", "confusion"}
    assert len(m["test"]["liquid"]["per_seed"]) == 2
    assert m["test"]["liquid"]["per_speaker"]["bob"]["per_seed"] == \
        m["test"]["liquid"]["per_seed"]
    assert m["test"]["control"]["mean"] == 1.0 and "bob" in m["test"]["mfcc"]["per_speaker"]
    assert np.sum(m["test"]["confusion"]["liquid"]) == 2 * 18
    assert len(m["skipped"]) == 1 and "b_ann_77.wav" in m["skipped"][0]
    assert m["n_recordings"] == 36 and not m["cache"]["hit"]
    for key in ("load_s", "front_end_s", "encode_s", "simulate_s", "readout_s", "mfcc_s"):
        assert key in result["timings"]
    assert result["files"] == {"confusion_test": "confusion_test.png",
                               "accuracy": "accuracy.png", "results": "results.json"}
    printed = capsys.readouterr().out
    for text in ("liquid", "control (no liquid)", "MFCC", "time per stage", "skipped 1",
                 "b_ann_77.wav"):
        assert text in printed, text

    # a rerun with another liquid loads the encoded inputs from the cache; --test-fraction
    again = tmp_path / "again"
    rc = main(["run", "speech", "--data", str(words), "--test-fraction", "0.5",
               "--config", str(speech_config), "--out", str(again), "--no-progress"])
    assert rc == 0
    result = json.loads((again / "results.json").read_text())
    assert result["metrics"]["cache"]["hit"] and result["parameters"]["test_fraction"] == 0.5
    assert result["metrics"]["test"]["n_test"] == [3 * 6]          # half of 12 per label
    assert "from the cache" in capsys.readouterr().out


def test_run_fsdd_on_an_fsdd_named_folder(tmp_path, capsys, speech_config):
    rec = tmp_path / "fsdd" / "recordings"
    _words(tmp_path / "w")
    rec.mkdir(parents=True)
    digit = {"a": "0", "b": "1", "c": "2"}
    for f in (tmp_path / "w").iterdir():
        label, rest = f.name.split("_", 1)
        (rec / f"{digit[label]}_{rest}").write_bytes(f.read_bytes())
    out = tmp_path / "run"
    rc = main(["run", "fsdd", "--data", str(tmp_path / "fsdd"), "--config", str(speech_config),
               "--out", str(out), "--no-progress"])
    assert rc == 0
    result = json.loads((out / "results.json").read_text())
    m = result["metrics"]
    assert set(m) >= {"standard", "loso"} and m["classes"] == ["0", "1", "2"]
    assert m["loso"]["folds"] == ["ann", "bob"] and m["standard"]["n_test"] == [30]
    assert set(m["loso"]["liquid"]["per_speaker"]) == {"ann", "bob"}
    assert {"confusion_standard", "confusion_loso", "accuracy"} <= set(result["files"])
    printed = capsys.readouterr().out
    assert "standard (30 test)" in printed and "loso (2 folds)" in printed


@pytest.mark.parametrize("argv, text", [
    (["run", "speech", "--test-speakers", "carl"], "--test-speakers"),
    (["run", "speech"], "--data"),
    (["run", "templates", "--data", "x"], "task 'templates' takes no --data"),
    (["run", "fsdd", "--test-fraction", "0.2"], "it is for the task speech"),
    (["run", "speech", "--test-fraction", "1.5"], "must be finite and in (0, 1)"),
    (["run", "speech", "--test-speakers", "a,,b"], "comma-separated names"),
    (["run", "speech", "--test-speakers", "a", "--test-fraction", "0.2"],
     "not allowed with argument"),
])
def test_run_speech_bad_arguments_exit_2(tmp_path, capsys, speech_config, argv, text):
    words = _words(tmp_path / "words")
    if argv[1] == "speech" and "--data" not in argv and argv != ["run", "speech"]:
        argv = [*argv, "--data", str(words)]
    with pytest.raises(SystemExit) as e:
        main([*argv, "--config", str(speech_config), "--out", str(tmp_path / "run"),
              "--no-progress"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err
    assert not (tmp_path / "run" / "results.json").exists()


def test_run_speech_unknown_speaker_names_it(tmp_path, capsys, speech_config):
    words = _words(tmp_path / "words")
    with pytest.raises(SystemExit) as e:
        main(["run", "speech", "--data", str(words), "--test-speakers", "ann,carl",
              "--config", str(speech_config), "--out", str(tmp_path / "run")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "argument --test-speakers" in err and "unknown speaker(s) ['carl']" in err
    assert "['ann', 'bob']" in err


def test_run_speech_missing_folder_exits_1(tmp_path, capsys, speech_config):
    rc = main(["run", "speech", "--data", str(tmp_path / "nowhere"), "--config",
               str(speech_config), "--out", str(tmp_path / "run")])
    assert rc == 1
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("text, key", [
    ("n_band = 8\n", "'n_band'"),
    ("encoder = 'rate'\n", "'encoder'"),
    ("test_fraction = 1.0\n", "'test_fraction'"),
    ("test_speakers = 'bob'\n", "'test_speakers'"),
    ("[network]\nshape = [3, 3]\n", "'network.shape'"),
])
def test_run_speech_bad_config_exits_2_naming_the_key(tmp_path, capsys, text, key):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(SystemExit) as e:
        main(["run", "speech", "--data", str(tmp_path), "--config", str(config), "--out",
              str(tmp_path / "run")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert key in err and str(config) in err and "Traceback" not in err
