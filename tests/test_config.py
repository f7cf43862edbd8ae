"""Experiment configs: schemas cover the experiment functions, TOML files are validated with
errors naming the key, and a config runs end to end."""

import inspect
import json
from pathlib import Path

import numpy as np
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
        if isinstance(default, np.ndarray):                          # multitask's alphas
            default = default.tolist()
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


# ---------------------------------------------------------------- schemas from signatures
def _toy(*, n_runs: int = 10, rate: float = 20.0, kind: str = "a", modes=("x",),
         seeds=(0, 1), taus=np.array([0.01, 0.1]), dt: float = 1e-4,
         n_threads: int | None = None, weights: "Sequence[float] | None" = None,
         verbose: bool = False, progress: bool = False):
    """A toy experiment.

    Parameters
    ----------
    n_runs : int
        Number of runs.
    rate, kind
        Shared text: the input.
    kind : {"a", "b"}
        The kind of input.
    modes : sequence of {"x", "y"}
        Modes to run.
    seeds : sequence of int
        Liquid seeds (see :func:`~liquidstate.simulate`, ``progress``).
    taus : sequence of float
        Time constants (s).
    weights : sequence of float, optional
        Weights.
    dt, n_threads, verbose
        Passed on.
    """


def test_schema_is_derived_from_the_signature_and_the_docstring():
    from liquidstate.config import numbers, schema_from_function

    schema = schema_from_function("toy", _toy, checks={"n_runs": integer(2), "other": integer()},
                                  docs={"dt": "simulation step (s)", "n_runs": "not used"})
    params = {p.name: p for p in schema.params}
    # every keyword but progress, in order, with the function's defaults (arrays as tuples)
    assert list(params) == ["n_runs", "rate", "kind", "modes", "seeds", "taus", "dt",
                            "n_threads", "weights", "verbose"]
    assert params["taus"].default == (0.01, 0.1) and params["seeds"].default == (0, 1)
    assert params["n_threads"].default is None
    # what each accepts: the declared check, else the docstring's options, else the type
    assert params["n_runs"].expected == "an integer >= 2"
    assert params["kind"].expected == "one of 'a', 'b'"
    assert params["modes"].expected == "a non-empty array of distinct values among 'x', 'y'"
    assert params["seeds"].expected == "a non-empty array of integers"
    assert params["taus"].expected == numbers().expected
    assert params["rate"].expected == "a finite number"
    assert params["verbose"].expected == "true or false"
    assert params["n_threads"].expected == "an integer"               # from int | None
    assert params["weights"].expected == numbers().expected   # from Sequence[float] | None
    # what each means: its own entry, else docs, else the entry it shares; roles made plain
    assert params["n_runs"].doc == "Number of runs."
    assert params["kind"].doc == "The kind of input."
    assert params["rate"].doc == "Shared text: the input."
    assert params["dt"].doc == "simulation step (s)"
    assert params["verbose"].doc == "Passed on."
    assert params["seeds"].doc == "Liquid seeds (see simulate, progress)."
    assert schema.validate({"kind": "b", "modes": ["y"], "taus": [0.3]})["taus"] == (0.3,)
    with pytest.raises(ConfigError, match="'kind': expected one of 'a', 'b', got 'c'"):
        schema.validate({"kind": "c"})


def test_a_new_parameter_is_a_new_key_in_one_edit():
    from liquidstate.config import schema_from_function

    def before(*, n: int = 1):
        """Parameters
        ----------
        n : int
            A count.
        """

    def after(*, n: int = 1, gain: float = 2.0):
        """Parameters
        ----------
        n : int
            A count.
        gain : float
            The gain.
        """

    old, new = schema_from_function("t", before), schema_from_function("t", after)
    assert new.keys() == old.keys() + ["gain"]
    assert new.defaults()["gain"] == 2.0 and new.params[-1].doc == "The gain."
    with pytest.raises(ConfigError, match="unknown key 'gain'"):
        old.validate({"gain": 1.0})


def test_a_type_the_signature_cannot_tell_must_be_declared():
    from liquidstate.config import schema_from_function

    def odd(*, spec=object()):
        pass

    with pytest.raises(TypeError, match="config key 'spec'.*declare its checker"):
        schema_from_function("odd", odd)


def test_every_key_of_every_task_has_a_meaning():
    for task in TASKS.values():
        params = list(task.schema.params) + [p for t in task.schema.tables for p in t.params]
        for p in params:
            assert p.doc and p.expected, (task.name, p.name)
            assert ":func:" not in p.doc and "``" not in p.doc, (task.name, p.name)


@pytest.mark.parametrize("task", list(TASKS))
def test_to_toml_documents_every_key_and_reads_back_as_the_defaults(task):
    import tomllib

    schema = TASKS[task].schema
    text = schema.to_toml()
    assert schema.validate(tomllib.loads(text)) == schema.defaults()
    assert all(len(line) <= 92 for line in text.splitlines())
    for key in schema.keys():
        name = key.split(".")[-1]
        assert f"\n{name} =" in text or f"\n# {name} =" in text, key


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
    # the multi-timescale state beside, liquid and control alike
    assert p["multi_tau"] == [0.01, 0.03, 0.1, 0.3]
    multi = saved["metrics"]["accuracy_multi"]
    assert set(multi) == {"liquid", "control", "difference"}
    assert multi["difference"]["mean"] == pytest.approx(multi["liquid"]["mean"]
                                                        - multi["control"]["mean"])
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

    # multi_tau = [] skips the multi-timescale state
    skipped = run_task("templates", config=write(tmp_path, "multi_tau = []\n" + SMALL, "s.toml"),
                       out=out, progress=False, echo=None)
    assert skipped["metrics"]["accuracy_multi"] is None
    assert skipped["parameters"]["multi_tau"] is None
    assert skipped["metrics"]["accuracy"] == saved["metrics"]["accuracy"]


def test_run_task_refuses_before_any_work(tmp_path):
    out = tmp_path / "never"
    with pytest.raises(ConfigError, match="unknown task 'nope'"):
        run_task("nope", out=out, echo=None)
    with pytest.raises(ConfigError, match="'rate'"):
        run_task("templates", config=write(tmp_path, "rate = 0\n"), out=out, echo=None)
    assert not out.exists()


# ---------------------------------------------------------------- segments and multitask
SMALL_SEGMENTS = """\
task = "segments"
n_runs = 40
seeds = [0, 1]
[network]
shape = [3, 3, 3]
"""

SMALL_MULTITASK = """\
task = "multitask"
n_train = 6
n_test = 4
duration = 0.4
n_folds = 3
seeds = [0, 1]
[network]
shape = [3, 3, 3]
"""


@pytest.mark.parametrize("name, task", [("segments.toml", "segments"),
                                        ("multitask.toml", "multitask")])
def test_new_example_configs_are_valid_and_document_every_key(name, task):
    path = EXAMPLES / name
    schema = TASKS[task].schema
    params = load_config(schema, path)
    assert params["seeds"] == (0, 1, 2, 3, 4) and params["network"]["shape"] == (10, 10, 10)
    raw = read_toml(path)
    assert raw["task"] == task
    keys = [k for k in raw if k not in ("task", "network")] + \
        [f"network.{k}" for k in raw["network"]]
    text = path.read_text()
    for key in schema.keys():
        assert key in keys or f"# {key.split('.')[-1]} =" in text, key
    assert text.count("default:") >= len(schema.keys())
    # the documented figures are the function's defaults apart from the column
    assert {k: v for k, v in params.items() if k != "network"} == \
        {k: v for k, v in schema.defaults().items() if k != "network"}


def test_segments_end_to_end(tmp_path):
    out = tmp_path / "seg"
    lines = []
    record = run_task("segments", config=write(tmp_path, SMALL_SEGMENTS), out=out,
                      progress=False, echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record)) and saved["task"] == "segments"
    p = saved["parameters"]
    assert p["n_runs"] == 40 and p["multi_tau"] == [0.01, 0.03, 0.1, 0.3]
    m = saved["metrics"]
    assert m["segments"] == [1, 2, 3, 4] and m["chance"] == 0.5 and m["seeds"] == [0, 1]
    for state in ("tau", "multi"):
        acc = m["accuracy"][state]
        assert len(acc["liquid"]["mean"]) == 4 and len(acc["liquid"]["per_seed"]) == 2
        assert len(acc["control"]) == 4 and all(0 <= v <= 1 for v in acc["control"])
        assert acc["difference"]["mean"] == pytest.approx(
            np.subtract(acc["liquid"]["mean"], acc["control"]))
    if "accuracy" in saved["files"]:
        assert (out / "accuracy.png").read_bytes()[:4] == b"\x89PNG"
    text = "\n".join(lines)
    assert "seg. 4" in text and "control, 30 ms" in text and "liquid, 10, 30, 100, 300 ms" in text

    # multi_tau = [] skips the multi-timescale state; --seed N sets the seeds
    again = run_task("segments", config=write(tmp_path, SMALL_SEGMENTS, "s2.toml"),
                     out=out, seed=5, progress=False, echo=None)
    assert again["parameters"]["seeds"] == [5, 6] and again["parameters"]["data_seed"] == 5
    path = write(tmp_path, SMALL_SEGMENTS.replace("n_runs = 40", "n_runs = 40\nmulti_tau = []"),
                 "s3.toml")
    skipped = run_task("segments", config=path, out=out, progress=False, echo=None)
    assert skipped["metrics"]["accuracy"]["multi"] is None
    assert skipped["parameters"]["multi_tau"] is None


def test_multitask_end_to_end(tmp_path):
    out = tmp_path / "mt"
    lines = []
    record = run_task("multitask", config=write(tmp_path, SMALL_MULTITASK), out=out,
                      progress=False, echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record)) and saved["task"] == "multitask"
    p = saved["parameters"]
    assert p["n_train"] == 6 and p["taus"] == [0.01, 0.03, 0.1] and len(p["alphas"]) == 25
    assert p["alpha_rule"] == "min" and p["scale"] is False
    m = saved["metrics"]
    assert m["tasks"] == ["count_30ms", "count_200ms", "pattern", "coincidences"]
    for state in ("tau", "multi"):
        r = m["r"][state]
        assert len(r["liquid"]["mean"]) == 4 and len(r["liquid"]["sd"]) == 4
        assert len(r["liquid"]["per_seed"]) == 2 and len(r["control"]) == 4
    assert np.shape(m["alpha"]) == (2, 4) and len(m["rates_hz"]) == 2
    if "r" in saved["files"]:
        assert (out / "r.png").read_bytes()[:4] == b"\x89PNG"
    text = "\n".join(lines)
    assert "count_200ms" in text and "control" in text and "liquid" in text

    again = run_task("multitask", config=write(tmp_path, SMALL_MULTITASK, "m2.toml"), out=out,
                     seed=3, progress=False, echo=None)
    assert again["parameters"]["seeds"] == [3, 4] and again["parameters"]["data_seed"] == 3


@pytest.mark.parametrize("task, text, key, expected", [
    ("segments", "n_segment = 4\n", "n_segment", "did you mean 'n_segments'"),
    ("segments", "multi_tau = [0.01, 0]\n", "multi_tau", "> 0 (s), or [] for none"),
    ("segments", "n_templates_per_segment = 1\n", "n_templates_per_segment", ">= 2"),
    ("multitask", "n_tran = 10\n", "n_tran", "did you mean 'n_train'"),
    ("multitask", "alpha_rule = 'max'\n", "alpha_rule", "one of 'min', '1se'"),
    ("multitask", "alphas = []\n", "alphas", "a non-empty array of finite numbers > 0"),
    ("multitask", "n_folds = 1\n", "n_folds", ">= 2"),
    ("multitask", "scale = 0\n", "scale", "true or false"),
    ("multitask", 'task = "segments"\n', "task", "this file is for task 'segments'"),
])
def test_new_tasks_bad_keys_name_the_key(tmp_path, task, text, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(TASKS[task].schema, path)
    assert f"'{key}'" in str(e.value) and expected in str(e.value) and e.value.key == key


# ---------------------------------------------------------------- narma and memory
SMALL_SEQUENCE = """\
seeds = [0, 1]
n_train = 60
n_test = 30
washout = 10
[network]
shape = [3, 3, 3]
"""


@pytest.mark.parametrize("task", ["narma", "memory"])
def test_sequence_example_configs_are_valid_and_document_every_key(task):
    path = EXAMPLES / f"{task}.toml"
    schema = TASKS[task].schema
    params = load_config(schema, path)
    raw = read_toml(path)
    assert raw["task"] == task
    keys = [k for k in raw if k not in ("task", "network")] + \
        [f"network.{k}" for k in raw["network"]]
    text = path.read_text()
    for key in schema.keys():
        assert key in keys or f"# {key.split('.')[-1]} =" in text, key
    assert text.count("default:") >= len(schema.keys())
    # the documented figures are the function's defaults, the paper's column included
    assert params == schema.defaults()


@pytest.mark.parametrize("task, extra, metric", [("narma", "", "nrmse"),
                                                 ("memory", "max_delay = 5\n", "mc")])
def test_sequence_tasks_end_to_end(tmp_path, task, extra, metric):
    out = tmp_path / task
    lines = []
    record = run_task(task, config=write(tmp_path, extra + SMALL_SEQUENCE), out=out,
                      progress=False, echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record)) and saved["task"] == task
    p = saved["parameters"]
    assert p["n_train"] == 60 and p["seeds"] == [0, 1] and len(p["alphas"]) == 25
    m = saved["metrics"]
    score = m[metric]
    assert len(score["liquid"]["per_seed"]) == 2
    assert score["liquid"]["mean"] == pytest.approx(np.mean(score["liquid"]["per_seed"]))
    assert isinstance(score["control"], float)
    assert score["difference"]["mean"] == pytest.approx(score["liquid"]["mean"]
                                                        - score["control"])
    # the ESN needs reservoirpy (the 'bench' extra): null without it
    assert score["esn"] is None or len(score["esn"]["per_seed"]) == 2
    assert m["seeds"] == [0, 1] and m["n_neurons"] == 27 and len(m["rates_hz"]) == 2
    if metric == "mc":
        assert m["delays"] == [1, 2, 3, 4, 5]
        mf = m["memory_function"]
        assert np.shape(mf["liquid"]["per_seed"]) == (2, 5) and len(mf["control"]) == 5
        assert sum(mf["control"]) == pytest.approx(score["control"])
        assert mf["esn"] is None or np.shape(mf["esn"]["per_seed"]) == (2, 5)
    plot = {"nrmse": "nrmse", "mc": "memory"}[metric]
    if plot in saved["files"]:
        assert (out / f"{plot}.png").read_bytes()[:4] == b"\x89PNG"
    text = "\n".join(lines)
    assert "control" in text and "liquid" in text and "ESN" in text

    # without the ESN its metrics are null; --seed N sets the seeds
    again = run_task(task, config=write(tmp_path, extra + "esn = false\n" + SMALL_SEQUENCE,
                                        "s2.toml"),
                     out=out, seed=4, progress=False, echo=None)
    assert again["metrics"][metric]["esn"] is None
    assert again["parameters"]["seeds"] == [4, 5] and again["parameters"]["data_seed"] == 4


@pytest.mark.parametrize("task, text, key, expected", [
    ("narma", "n_tests = 10\n", "n_tests", "did you mean 'n_test'"),
    ("narma", "encoder = 'spikes'\n", "encoder", "one of 'analog', 'poisson'"),
    ("narma", "esn = 1\n", "esn", "true or false"),
    ("memory", "max_delay = 0\n", "max_delay", ">= 1"),
    ("memory", "max_delays = 10\n", "max_delays", "did you mean 'max_delay'"),
    ("memory", 'task = "narma"\n', "task", "this file is for task 'narma'"),
])
def test_sequence_tasks_bad_keys_name_the_key(tmp_path, task, text, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(TASKS[task].schema, path)
    assert f"'{key}'" in str(e.value) and expected in str(e.value) and e.value.key == key


# ---------------------------------------------------------------- templates2 and separation
@pytest.mark.parametrize("name, task", [("templates2.toml", "templates"),
                                        ("separation.toml", "separation")])
def test_more_example_configs_are_valid_and_document_every_key(name, task):
    path = EXAMPLES / name
    schema = TASKS[task].schema
    params = load_config(schema, path)
    raw = read_toml(path)
    assert raw["task"] == task
    keys = [k for k in raw if k not in ("task", "network")] + \
        [f"network.{k}" for k in raw["network"]]
    text = path.read_text()
    for key in schema.keys():
        assert key in keys or f"# {key.split('.')[-1]} =" in text, key
    assert text.count("default:") >= len(schema.keys())
    if task == "separation":
        # the documented figures are the function's defaults, the paper's column included
        assert params == schema.defaults()
    else:
        # the paper's 2-template task on its column
        assert params["n_templates"] == 2 and params["jitter"] == 0.004
        assert params["n_runs"] == 200 and params["network"] == MAASS2002_TABLE.defaults()


@pytest.mark.parametrize("text, key, expected", [
    ("window = [0.1]\n", "window", "an array of 2 finite numbers >= 0 (s)"),
    ("window = [0.1, -0.5]\n", "window", "an array of 2 finite numbers >= 0"),
    ("distances = [0.1, 0.1]\n", "distances", "all different"),
    ("distances = []\n", "distances", "a non-empty array of finite numbers >= 0"),
    ("n_pairs = 0\n", "n_pairs", ">= 1"),
    ("same_initial_state = 'yes'\n", "same_initial_state", "true or false"),
    ("distance = [0.1, 0.2]\n", "distance", "did you mean 'distances'"),
])
def test_separation_bad_keys_name_the_key(tmp_path, text, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(TASKS["separation"].schema, path)
    assert f"'{key}'" in str(e.value) and expected in str(e.value) and e.value.key == key


def test_separation_end_to_end(tmp_path):
    text = ("task = 'separation'\nn_pairs = 4\nduration = 0.2\nwindow = [0.05, 0.2]\n"
            "distances = [0.4, 0.0]\nsame_initial_state = true\nseeds = [0, 1]\n"
            "[network]\nshape = [3, 3, 3]\n")
    out = tmp_path / "sep"
    lines = []
    record = run_task("separation", config=write(tmp_path, text), out=out, progress=False,
                      echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record)) and saved["task"] == "separation"
    p = saved["parameters"]
    assert p["distances"] == [0.4, 0.0] and p["same_initial_state"] is True
    m = saved["metrics"]
    sd = m["state_distance"]
    assert np.shape(sd["per_seed"]) == (2, 2)
    assert sd["mean"] == pytest.approx(np.mean(sd["per_seed"], axis=0))
    # the same inputs from the same initial state give the same liquid states
    assert [row[1] for row in sd["per_seed"]] == [0.0, 0.0]
    assert m["grows"] == (sd["mean"][0] > 0.0) and m["input_distances"][1] == 0.0
    assert len(m["rates_hz"]) == 2 and m["seeds"] == [0, 1] and m["n_pairs"] == 4
    if "separation" in saved["files"]:
        assert (out / "separation.png").read_bytes()[:4] == b"\x89PNG"
    text = "\n".join(lines)
    assert "state distance" in text and "grows with the input distance" in text


# ---------------------------------------------------------------- fsdd and speech
@pytest.mark.parametrize("task", ["fsdd", "speech"])
def test_speech_example_configs_are_valid_and_document_every_key(task):
    path = EXAMPLES / f"{task}.toml"
    schema = TASKS[task].schema
    params = load_config(schema, path)
    raw = read_toml(path)
    assert raw["task"] == task
    keys = [k for k in raw if k not in ("task", "network")] + \
        [f"network.{k}" for k in raw["network"]]
    text = path.read_text()
    for key in schema.keys():
        assert key in keys or f"# {key.split('.')[-1]} =" in text, key
    assert text.count("default:") >= len(schema.keys())
    # the files show the defaults, the liquid's table included
    assert params == schema.defaults()
    assert params["network"]["shape"] == (10, 10, 10)
    assert schema.arguments(params)["network"].get_params()["input_fraction"] == 0.05


def test_speech_network_table_has_the_speech_liquid_defaults():
    from liquidstate.config import maass2002_table
    from liquidstate.experiments.speech import DEFAULT_NETWORK

    table = TASKS["fsdd"].schema.tables[0].defaults()
    for key, value in DEFAULT_NETWORK.items():
        assert table[key] == value, key
    # the rest are the paper's, as in the templates' table
    others = {k: v for k, v in MAASS2002_TABLE.defaults().items() if k not in DEFAULT_NETWORK}
    assert {k: table[k] for k in others} == others
    with pytest.raises(TypeError, match="unknown parameter"):
        maass2002_table(shapes=(3, 3, 3))


@pytest.mark.parametrize("task, text, key, expected", [
    ("speech", "test_fraction = 1.0\n", "test_fraction", "< 1"),
    ("speech", "test_speakers = 'bob'\n", "test_speakers", "a non-empty array of distinct"),
    ("speech", "test_speakers = ['bob', 'bob']\n", "test_speakers", "distinct"),
    ("speech", "test_speakers = []\n", "test_speakers", "non-empty"),
    ("speech", "path = 3\n", "path", "a folder path"),
    ("fsdd", "protocols = ['standard', 'random']\n", "protocols", "'standard', 'loso'"),
    ("fsdd", "protocols = []\n", "protocols", "a non-empty array"),
    ("fsdd", "encoder = 'rate'\n", "encoder", "one of 'levels', 'bsa', 'delta'"),
    ("fsdd", "compression = 'sqrt'\n", "compression", "'none'"),
    ("fsdd", "tau = -0.03\n", "tau", "> 0 (s), or one number"),
    ("fsdd", "tau = []\n", "tau", "non-empty array"),
    ("fsdd", "n_bins = 0\n", "n_bins", ">= 1"),
    ("fsdd", "n_bins = [2, 2]\n", "n_bins", "all different"),
    ("fsdd", "trim_db = 0\n", "trim_db", '> 0 (dB), or "none"'),
    ("fsdd", "trim_db = 'off'\n", "trim_db", '> 0 (dB), or "none"'),
    ("fsdd", "cv_folds = 1\n", "cv_folds", ">= 2"),
    ("fsdd", "readout = 'svm'\n", "readout", "'ridge', 'logistic'"),
    ("fsdd", "n_band = 32\n", "n_band", "did you mean 'n_bands'"),
    ("fsdd", "test_speakers = ['bob']\n", "test_speakers", "unknown key"),
])
def test_speech_bad_keys_name_the_key(tmp_path, task, text, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(TASKS[task].schema, path)
    assert f"'{key}'" in str(e.value) and expected in str(e.value) and e.value.key == key


def test_speech_values_from_toml(tmp_path):
    params = load_config(TASKS["speech"].schema, write(
        tmp_path, "tau = 0.02\ntest_speakers = ['ann', 'bob']\ncompression = 'none'\n"
                  "f_max = 3000\n"))
    assert params["tau"] == (0.02,) and params["test_speakers"] == ("ann", "bob")
    assert params["compression"] == "none" and params["f_max"] == 3000.0
    assert load_config(TASKS["fsdd"].schema, write(tmp_path, "tau = [0.01, 0.1]\n",
                                                   "b.toml"))["tau"] == (0.01, 0.1)
    trims = [load_config(TASKS["fsdd"].schema, write(tmp_path, f"trim_db = {v}\n",
                                                     f"t{i}.toml"))["trim_db"]
             for i, v in enumerate(("'none'", "30", "12.5"))]
    assert trims == [None, 30.0, 12.5]
    bins = [load_config(TASKS["fsdd"].schema, write(tmp_path, f"n_bins = {v}\n",
                                                    f"b{i}.toml"))["n_bins"]
            for i, v in enumerate(("4", "[1, 2, 4]"))]
    assert bins == [(4,), (1, 2, 4)]


def test_override_checks_values_like_a_file():
    schema = TASKS["speech"].schema
    params = schema.override(schema.defaults(), {"path": "words", "test_fraction": 0.3})
    assert params["path"] == "words" and params["test_fraction"] == 0.3
    params = schema.override(params, {"test_fraction": None, "test_speakers": ["ann"]})
    assert params["test_fraction"] is None and params["test_speakers"] == ("ann",)
    with pytest.raises(ConfigError, match="command line: key 'test_fraction'") as e:
        schema.override(params, {"test_fraction": 2.0})
    assert e.value.key == "test_fraction"
    with pytest.raises(ConfigError, match="unknown key 'data'"):
        schema.override(params, {"data": "x"})
    with pytest.raises(ConfigError, match="key 'n_bands'"):
        schema.override(params, {"n_bands": None})           # not unsettable


def test_speech_end_to_end_from_a_config(tmp_path):
    sf = pytest.importorskip("soundfile")
    pytest.importorskip("librosa")
    words = tmp_path / "words"
    words.mkdir()
    for label, f in (("a", 300.0), ("b", 2000.0)):
        for s in ("ann", "bob"):
            for i in range(4):
                t = np.arange(1200 + 80 * i) / 8000
                sf.write(words / f"{label}_{s}_{i}.wav", 0.3 * np.sin(2 * np.pi * f * t), 8000)
    text = (f"task = 'speech'\npath = {str(words)!r}\ntest_speakers = ['bob']\n"
            f"cache_dir = {str(tmp_path / 'cache')!r}\nn_bands = 6\nn_levels = 2\nn_bins = 2\n"
            "seeds = [0, 1]\nmfcc = false\n[network]\nshape = [3, 3, 3]\n")
    out = tmp_path / "run"
    lines = []
    record = run_task("speech", config=write(tmp_path, text), out=out, progress=False,
                      echo=lines.append)
    saved = json.loads((out / "results.json").read_text())
    assert saved == json.loads(json.dumps(record)) and saved["task"] == "speech"
    m = saved["metrics"]
    assert m["test"]["mfcc"] is None and m["test"]["control"]["mean"] == 1.0
    assert m["test"]["folds"] == ["bob"] and m["n_neurons"] == 27
    assert saved["parameters"]["test_speakers"] == ["bob"]
    # --seed N: liquid seeds N, N+1 and the split seed
    again = run_task("speech", config=write(tmp_path, text, "b.toml"), out=out, seed=5,
                     progress=False, echo=None, overrides={"test_speakers": None,
                                                           "test_fraction": 0.5})
    assert again["parameters"]["seeds"] == [5, 6] and again["parameters"]["split_seed"] == 5
    assert again["metrics"]["test"]["n_test"] == [8] and again["metrics"]["cache"]["hit"]
    assert "-" in "\n".join(lines)                       # the skipped MFCC column
