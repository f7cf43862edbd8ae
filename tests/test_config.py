"""Experiment configs: schemas cover the experiment functions, TOML files are validated with
errors naming the key, and a config runs end to end."""

import inspect
import json
from pathlib import Path

import pytest

from liquidstate.config import (MAASS2002_TABLE, ConfigError, ConfigSchema, Param, integer,
                                load_config, read_toml)
from liquidstate.experiments.runner import TASKS, run_task
from liquidstate.network.specs import Maass2002

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "configs"

SMALL = """\
n_templates = 3
n_runs = 30
duration = 0.2
seeds = [0, 1]
[network]
shape = [3, 3, 3]
"""


def write(tmp_path, text, name="config.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


# ---------------------------------------------------------------- schemas
@pytest.mark.parametrize("task", list(TASKS))
def test_schema_sets_every_parameter_with_the_functions_defaults(task):
    spec = TASKS[task]
    signature = inspect.signature(spec.function).parameters
    schema_names = {p.name for p in spec.schema.params} | {t.name for t in spec.schema.tables}
    # progress is how the command displays, not what it computes (--no-progress)
    assert schema_names == set(signature) - {"progress"}
    for p in spec.schema.params:
        default = signature[p.name].default
        assert p.default == (tuple(default) if isinstance(default, (list, tuple)) else default)
    # the defaults are valid values, and every key has a meaning
    assert spec.schema.validate({}) == spec.schema.defaults()
    for p in spec.schema.params:
        assert p.doc and p.expected


def test_network_table_covers_maass2002_with_its_defaults():
    defaults = Maass2002().get_params()
    table = MAASS2002_TABLE.defaults()
    assert set(table) == set(defaults)
    for key, value in defaults.items():
        assert table[key] == (tuple(value) if isinstance(value, (list, tuple)) else value), key
    built = MAASS2002_TABLE.factory(**{**table, "shape": (4, 4, 4), "dynamic": False})
    assert isinstance(built, Maass2002) and built.shape == (4, 4, 4) and not built.dynamic


def test_example_config_is_valid_and_documents_every_key():
    path = EXAMPLES / "templates10.toml"
    schema = TASKS["templates"].schema
    params = load_config(schema, path)
    assert params["n_templates"] == 10 and params["network"]["shape"] == (10, 10, 10)
    raw = read_toml(path)
    keys = [k for k in raw if k not in ("task", "network")] + \
        [f"network.{k}" for k in raw["network"]]
    text = path.read_text()
    # every key is set (or, for n_threads whose default is 'unset', shown commented out)
    for key in schema.keys():
        name = key.split(".")[-1]
        assert key in keys or f"# {name} =" in text, key
    assert text.count("default:") >= len(schema.keys())
    kwargs = schema.arguments(params)
    assert kwargs["network"].get_params()["input_fraction"] == 1.0
    assert kwargs["seeds"] == (0, 1, 2, 3, 4)


# ---------------------------------------------------------------- errors name the key
@pytest.mark.parametrize("text, key", [
    ("n_template = 10\n", "n_template"),
    ("[network]\nshape = [3, 3, 3]\ninput_fractoin = 0.5\n", "network.input_fractoin"),
    ("[liquid]\nshape = [3, 3, 3]\n", "liquid"),
])
def test_unknown_key_is_an_error_naming_it(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match="unknown key") as e:
        load_config(TASKS["templates"].schema, path)
    assert f"'{key}'" in str(e.value) and str(path) in str(e.value)
    assert e.value.key == key


def test_unknown_key_suggests_the_close_one(tmp_path):
    with pytest.raises(ConfigError, match="did you mean 'n_templates'"):
        load_config(TASKS["templates"].schema, write(tmp_path, "n_template = 10\n"))


@pytest.mark.parametrize("text, key, expected", [
    ("n_templates = 1", "n_templates", "an integer >= 2"),
    ("n_templates = 2.5", "n_templates", "an integer >= 2"),
    ("n_templates = 10.0", "n_templates", "an integer >= 2"),
    ("n_templates = true", "n_templates", "an integer >= 2"),
    ('duration = "0.5"', "duration", "a finite number > 0 (s)"),
    ("duration = -0.5", "duration", "a finite number > 0"),
    ("duration = inf", "duration", "a finite number > 0"),
    ("jitter = nan", "jitter", "a finite number >= 0"),
    ("test_size = 1.0", "test_size", "< 1"),
    ("seeds = []", "seeds", "a non-empty array of integers >= 0"),
    ("seeds = [1, 1]", "seeds", "all different"),
    ("seeds = [0, -1]", "seeds", "integers >= 0"),
    ("seeds = 3", "seeds", "a non-empty array"),
    ("n_threads = 0", "n_threads", "an integer >= 1"),
    ("[network]\nshape = [10, 10]", "network.shape", "an array of 3 integers >= 1"),
    ("[network]\nshape = [10, 0, 10]", "network.shape", "3 integers >= 1"),
    ("[network]\ndynamic = 1", "network.dynamic", "true or false"),
    ("[network]\nlam = inf", "network.lam", "a finite number > 0"),
    ("[network]\ninput_fraction = 0", "network.input_fraction", "> 0 and <= 1"),
    ("network = 3", "network", "expected a table ([network])"),
    ('task = "multitask"', "task", "this file is for task 'multitask'"),
])
def test_bad_value_is_an_error_naming_the_key_and_what_was_expected(tmp_path, text, key,
                                                                    expected):
    path = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as e:
        load_config(TASKS["templates"].schema, path)
    message = str(e.value)
    assert f"'{key}'" in message and expected in message and str(path) in message
    assert e.value.key == key


def test_unreadable_files_are_config_errors(tmp_path):
    schema = TASKS["templates"].schema
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(schema, tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="invalid TOML.*line 2"):
        load_config(schema, write(tmp_path, "n_runs = 10\nseeds = 0, 1\n"))
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(schema, tmp_path)


def test_schema_machinery_on_a_toy_schema():
    schema = ConfigSchema("toy", (Param("k", 3, integer(1), "a count"),
                                  Param("opt", None, integer(0), "optional")))
    assert schema.validate({}) == {"k": 3, "opt": None}
    assert schema.validate({"k": 5, "task": "toy"}) == {"k": 5, "opt": None}
    assert schema.keys() == ["k", "opt"]
    assert "k" in schema.describe() and "(unset)" in schema.describe()
    with pytest.raises(ConfigError, match="'k': expected an integer >= 1, got 0"):
        schema.validate({"k": 0}, source="here")


# ---------------------------------------------------------------- end to end
def test_run_with_a_config_end_to_end(tmp_path):
    config = write(tmp_path, SMALL)
    out = tmp_path / "out"
    lines = []
    record = run_task("templates", config=config, out=out, progress=False, echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record))
    import liquidstate

    assert saved["version"] == liquidstate.__version__ and saved["task"] == "templates"
    assert saved["seed"] is None and saved["config"] == str(config)
    p = saved["parameters"]
    assert p["n_templates"] == 3 and p["n_runs"] == 30 and p["seeds"] == [0, 1]
    assert p["network"]["shape"] == [3, 3, 3] and p["network"]["dynamic"] is True
    assert p["rate"] == 20.0 and p["n_threads"] is None              # defaults filled in
    acc = saved["metrics"]["accuracy"]
    for side in ("liquid", "control"):
        assert set(acc[side]) == {"mean", "sd", "ci95", "per_seed"}
        assert len(acc[side]["per_seed"]) == 2 and 0 <= acc[side]["mean"] <= 1
        lo, hi = acc[side]["ci95"]
        assert lo <= acc[side]["mean"] <= hi
    assert acc["difference"]["mean"] == pytest.approx(acc["liquid"]["mean"]
                                                      - acc["control"]["mean"])
    assert saved["metrics"]["chance"] == pytest.approx(1 / 3)
    assert len(saved["timings"]["simulate_s"]) == 2 and saved["timings"]["total_s"] > 0
    assert saved["files"]["results"] == "results.json"
    if "accuracy" in saved["files"]:                                 # with matplotlib
        assert (out / "accuracy.png").read_bytes()[:4] == b"\x89PNG"
    text = "\n".join(lines)
    assert "liquid" in text and "control" in text and "results.json" in text

    # --seed N replaces the seeds: data_seed = N, liquid seeds N, N+1
    again = run_task("templates", config=config, out=out, seed=7, progress=False, echo=None)
    assert again["seed"] == 7
    assert again["parameters"]["seeds"] == [7, 8] and again["parameters"]["data_seed"] == 7


def test_run_task_refuses_before_any_work(tmp_path):
    out = tmp_path / "never"
    with pytest.raises(ConfigError, match="unknown task 'nope'"):
        run_task("nope", out=out, echo=None)
    with pytest.raises(ConfigError, match="'rate'"):
        run_task("templates", config=write(tmp_path, "rate = 0\n"), out=out, echo=None)
    assert not out.exists()
