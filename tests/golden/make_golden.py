"""Write ``tests/golden/figures.json``: the golden figures the tests compare against.

Every experiment is run small and with fixed seeds through its public ``run_*`` function, and
every script in ``examples/`` is run as it is; the figures they give (accuracies, correlations,
NRMSE, memory capacities, state distances, firing rates, spike counts, and every number an
example prints) are written with a tolerance each, beside the command, the date, the commit
and the versions of the libraries that produced them. ``tests/test_golden.py`` and
``tests/test_examples.py`` rerun the same calls and compare.

Usage (from the repository root, with the ``dev`` extra installed)::

    python tests/golden/make_golden.py                  # every case: a few minutes on 2 cores
    python tests/golden/make_golden.py --only narma memory   # rewrite some cases, keep the rest
    python tests/golden/make_golden.py --list           # the cases, their tier and call

The full-tier cases need the Free Spoken Digit Dataset (``--fsdd PATH``, else
``$LIQUIDSTATE_FSDD``, else ``../shared/datasets/fsdd``) and ReservoirPy; without them the
script stops (``--only`` the other cases to rewrite those alone).

When to regenerate: only when the model's results are meant to change -- a change of the
equations, the network builders' draws (e.g. new seed streams), the encoders, the states, the
readouts or an experiment's protocol, or a new or changed example -- and say so in the commit
(what changed and why the figures move). Never to make a failing test pass after a change
that was not meant to alter results: the tolerances are chosen so that a library update
(NumPy, SciPy, LAPACK/BLAS, scikit-learn) stays within them and a model change does not.

Tolerances (a figure passes when ``|actual - golden| <= abs + rel * |golden|``):

``exact``
    Integers computed from spikes (spike counts, network sizes): the engine is bit-exact, so
    0.
``spikes``
    Floats computed from spikes and inputs alone (firing rates, state distances): rel 1e-9,
    room for the order of floating-point sums only.
``readout``
    Scores of fitted readouts (r, NRMSE, memory capacity) and chosen penalties: rel 1e-5.
    LAPACK, BLAS and scikit-learn change these in the 10th-15th digit; a model change moves
    them by 1e-3 or more.
``accuracy``
    Classification accuracies: abs ``0.5 / n_test``, half of one test sample, so the number
    of correct test samples must be the same.
printed numbers (examples)
    An integer exactly; a decimal to one unit of its last printed digit (room for rounding
    across a digit boundary), and never tighter than rel 1e-6.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "figures.json"
EXAMPLES = ROOT / "examples"
COMMAND = "python tests/golden/make_golden.py"

#: Tolerance of each kind of figure (see the module docstring).
KINDS = {"exact": {"abs": 0.0, "rel": 0.0},
         "spikes": {"abs": 1e-12, "rel": 1e-9},
         "readout": {"abs": 1e-9, "rel": 1e-5}}


# ----------------------------------------------------------------------------- figures
def _plain(value):
    """A JSON-ready copy of ``value`` (NumPy arrays and scalars to lists and numbers)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    return float(value)


def fig(value, kind: str) -> dict:
    """A figure of one of the :data:`KINDS`."""
    return {"value": _plain(value), "kind": kind, **KINDS[kind]}


def accuracy(value, n_test: int) -> dict:
    """An accuracy (or array of them) over ``n_test`` test samples: half a sample's room."""
    return {"value": _plain(value), "kind": "accuracy", "abs": 0.5 / int(n_test), "rel": 0.0}


def compare(actual, golden: dict, path: str = "") -> list[str]:
    """Where ``actual`` differs from the golden figure beyond its tolerance: a list of
    messages (empty when it agrees). Shapes (nested lists) must agree exactly."""
    expected = golden["value"]
    if isinstance(expected, list) or isinstance(actual, list):
        if not (isinstance(expected, list) and isinstance(actual, list)) \
                or len(actual) != len(expected):
            return [f"{path}: shape differs: got {actual!r}, golden {expected!r}"]
        out = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            out += compare(a, {**golden, "value": e}, f"{path}[{i}]")
        return out
    if not isinstance(expected, (int, float)) or isinstance(expected, bool) \
            or not isinstance(actual, (int, float)):                 # names, flags, None
        return [] if actual == expected else [f"{path}: got {actual!r}, golden {expected!r}"]
    if math.isnan(expected) and math.isnan(actual):
        return []
    room = golden["abs"] + golden["rel"] * abs(expected)
    if abs(actual - expected) <= room:
        return []
    return [f"{path}: got {actual!r}, golden {expected!r} (|diff| {abs(actual - expected):.3g}"
            f" > {room:.3g}, {golden['kind']})"]


def compare_figures(actual: dict, golden: dict) -> list[str]:
    """Compare every figure of a case; figures missing on either side are differences."""
    out = [f"{name}: not in the golden file" for name in actual if name not in golden]
    out += [f"{name}: in the golden file, not computed" for name in golden if name not in actual]
    for name in actual.keys() & golden.keys():
        out += compare(actual[name]["value"], golden[name], name)
    return sorted(out)


# -------------------------------------------------------------------------- the cases
@dataclass(frozen=True)
class Case:
    """One golden case: a call of the public API and the figures taken from its result.

    ``call`` is Python evaluated with :func:`namespace` (so the golden file holds exactly
    what ran); ``needs`` names what it requires beyond the core: ``"fsdd"`` (the dataset,
    passed as ``fsdd``) or a module name. ``tier`` is ``"quick"`` (``make test``) or
    ``"full"`` (``make test-full``).
    """

    name: str
    tier: str
    call: str
    figures: Callable[[Any], dict]
    needs: tuple[str, ...] = ()

    def run(self, fsdd: str | os.PathLike | None = None) -> dict:
        """Run the call and return its figures."""
        ns = namespace()
        if "fsdd" in self.needs:
            if fsdd is None:
                raise ValueError(f"case {self.name!r} needs the FSDD folder (fsdd=...)")
            ns["FSDD"] = os.fspath(fsdd)
        return self.figures(eval(self.call, ns))  # noqa: S307 - our own calls, see CASES


def namespace() -> dict:
    """The names the cases' calls use."""
    import numpy as np

    import liquidstate as ls
    from liquidstate import experiments
    from liquidstate.network.specs import Maass2002

    ns = {name: getattr(experiments, name) for name in experiments.__all__}
    ns.update(np=np, ls=ls, Maass2002=Maass2002, engine_fingerprint=engine_fingerprint,
              fsdd_subset=fsdd_subset)
    return ns


def engine_fingerprint():
    """The paper's column on 8 samples of 4 Poisson inputs: the spikes every experiment
    starts from (network size and synapses, spike counts per sample and neuron)."""
    import numpy as np

    import liquidstate as ls

    net = ls.maass2002((15, 3, 3), n_inputs=4, seed=0)
    inputs = ls.SpikeTrains.poisson([20.0] * 4, duration=0.5, n_samples=8, seed=1)
    rec = ls.simulate(net, inputs, dt=1e-4, seed=2)
    counts = rec.spikes.counts()
    t, i = rec.spikes.sample(0)
    return {"n_neurons": fig(net.n_neurons, "exact"),
            "n_synapses": fig(int(net.pre.size), "exact"),
            "n_input_synapses": fig(int(net.input_post.size), "exact"),
            "weight_sum": fig(float(np.sum(net.weight)), "spikes"),
            "n_input_spikes": fig(inputs.n_events, "exact"),
            "n_spikes": fig(rec.spikes.n_events, "exact"),
            "spikes_per_sample": fig(counts.sum(axis=1), "exact"),
            "spikes_per_neuron": fig(counts.sum(axis=0), "exact"),
            "sample0_mean_spike_time_s": fig(float(np.mean(t)), "spikes"),
            "sample0_neuron_index_sum": fig(int(np.sum(i)), "exact")}


def fsdd_subset(path, digits=("0", "1", "2"), below: int = 8):
    """FSDD recordings of some digits with index below ``below`` (all 6 speakers), and its
    protocols: the standard split and leave one speaker out."""
    from liquidstate.datasets import fsdd

    ds = fsdd(path)
    import numpy as np

    sub = ds.subset(np.flatnonzero(np.isin(ds.labels, list(digits)) & (ds.index < below)))
    return sub, {"standard": [("standard", *sub.standard_split())],
                 "loso": sub.loso_splits()}


def _accuracy_figures(res, n_test: int) -> dict:
    out = {"liquid": accuracy(res.liquid, n_test), "control": accuracy(res.control, n_test)}
    if res.liquid_multi is not None:
        out["liquid_multi"] = accuracy(res.liquid_multi, n_test)
        out["control_multi"] = accuracy(res.control_multi, n_test)
    return out


def _templates(res) -> dict:
    return {**_accuracy_figures(res, res.n_test), "n_test": fig(res.n_test, "exact")}


def _segments(res) -> dict:
    return {**_accuracy_figures(res, res.n_test), "n_test": fig(res.n_test, "exact")}


def _multitask(res) -> dict:
    out = {"tasks": fig(res.tasks, "exact"),
           "liquid": fig(res.liquid, "readout"), "control": fig(res.control, "readout"),
           "alpha": fig(res.alpha, "readout"), "rates": fig(res.rates, "spikes")}
    if res.liquid_multi is not None:
        out["liquid_multi"] = fig(res.liquid_multi, "readout")
        out["control_multi"] = fig(res.control_multi, "readout")
    return out


def _sequence(res) -> dict:
    out = {"liquid": fig(res.liquid, "readout"), "control": fig(res.control, "readout"),
           "rates": fig(res.rates, "spikes")}
    for name in ("liquid_multi", "control_multi", "liquid_curve", "control_curve", "esn",
                 "esn_curve"):
        if getattr(res, name, None) is not None:
            out[name] = fig(getattr(res, name), "readout")
    return out


def _separation(res) -> dict:
    return {"window_means": fig(res.window_means, "spikes"),
            "input_distances": fig(res.input_distances, "spikes"),
            "rates": fig(res.rates, "spikes"),
            "grows": fig(res.grows(), "exact")}


def _speech(res) -> dict:
    out = {"rates": fig(res.rates, "spikes"), "input_rate": fig(res.input_rate, "spikes"),
           "n_inputs": fig(res.n_inputs, "exact"), "n_recordings": fig(res.n_recordings, "exact")}
    for name, p in res.protocols.items():
        n = max(t.size for t in p.test)               # the largest fold: the tightest room
        out[f"{name}_n_test"] = fig(p.n_test, "exact")
        for which in ("liquid", "control", "mfcc"):
            acc = p.fold_accuracy(which)
            if acc is not None:
                out[f"{name}_{which}"] = accuracy(acc, n)
    return out


def _esn(res) -> dict:
    return {"esn": fig(res.esn, "readout"), "liquid": fig(res.liquid, "readout"),
            "control": fig(res.control, "readout")}


#: The cases. Quick-tier cases together take well under a minute on 2 cores.
CASES = (
    Case("engine", "quick", "engine_fingerprint()", lambda figures: figures),
    Case("templates", "quick",
         "run_templates(n_templates=5, n_runs=150, jitter=8e-3, seeds=(0, 1), "
         "multi_tau=(0.01, 0.1))", _templates),
    Case("segments", "quick",
         "run_segments(n_segments=3, n_runs=120, jitter=8e-3, seeds=(0,), "
         "multi_tau=(0.01, 0.1))",
         _segments),
    Case("multitask", "quick",
         "run_multitask(n_train=20, n_test=10, duration=0.5, seeds=(0,), taus=(0.01, 0.1))",
         _multitask),
    Case("narma", "quick",
         "run_narma(seeds=(0,), n_train=300, n_test=200, washout=50, esn=False)", _sequence),
    Case("memory", "quick",
         "run_memory_capacity(seeds=(0,), max_delay=10, n_train=300, n_test=200, washout=50, "
         "esn=False, multi_tau=(0.01, 0.1))", _sequence),
    Case("separation", "quick",
         "run_separation(n_pairs=20, seeds=(0, 1))", _separation),
    Case("templates10", "full",
         "run_templates(n_templates=10, n_runs=200, seeds=(0,), multi_tau=None, "
         "network=Maass2002(shape=(10, 10, 10), input_fraction=1.0))", _templates),
    Case("esn_narma", "full",
         "run_narma(seeds=(0,), n_train=500, n_test=200, washout=50, multi_tau=None)", _esn,
         needs=("reservoirpy",)),
    Case("esn_memory", "full",
         "run_memory_capacity(seeds=(0,), max_delay=20, n_train=500, n_test=200, washout=50, "
         "multi_tau=None)", _esn, needs=("reservoirpy",)),
    Case("speech", "full",
         "run_speech(*fsdd_subset(FSDD), cache=False, n_bands=16, n_levels=4, n_bins=5, "
         "seeds=(0,), network=Maass2002(shape=(5, 5, 4), input_fraction=0.1))", _speech,
         needs=("fsdd", "soundfile", "librosa")),
)


# ----------------------------------------------------------------------------- examples
@dataclass(frozen=True)
class Example:
    """How an example is run: its tier and what it needs (as :class:`Case`)."""

    tier: str = "quick"
    needs: tuple[str, ...] = ()
    ignore: tuple[str, ...] = field(default=())   # regexes of printed lines not compared


#: Examples that are not quick or need more than the core (the others: quick, no needs).
EXAMPLE_TIERS = {
    "maass2002_templates.py": Example(tier="full"),       # 1,000-neuron columns, ~25 s
    "spoken_digits.py": Example(tier="full", needs=("fsdd", "soundfile", "librosa")),
}

#: A number as printed: a minus sign only where it cannot be part of a range ("10-300") or of
#: "+-"; not inside a word ("float64", "x2").
_NUMBER = re.compile(r"(?:(?<![\w.+])-)?(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")


def example_spec(name: str) -> Example:
    return EXAMPLE_TIERS.get(name, Example())


def run_example(script: Path, cwd: Path, fsdd: str | os.PathLike | None = None,
                timeout: float = 900) -> subprocess.CompletedProcess:
    """Run one example as a user would (``python examples/NAME.py``), in ``cwd``."""
    env = dict(os.environ, MPLBACKEND="Agg")
    if fsdd is not None:
        env["LIQUIDSTATE_FSDD"] = os.fspath(fsdd)
    return subprocess.run([sys.executable, str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _tolerance(token: str) -> dict:
    if re.fullmatch(r"-?\d+", token):
        return {"abs": 0.0, "rel": 0.0}
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - decimals)
    return {"abs": unit, "rel": 1e-6}


def printed_figures(stdout: str, ignore: tuple[str, ...] = ()) -> list[dict]:
    """The numbers an example prints, line by line: each line's text with the numbers
    replaced by ``{}``, and the numbers with their tolerances (module docstring)."""
    lines = []
    for line in stdout.splitlines():
        if not line.strip() or any(re.search(p, line) for p in ignore):
            continue
        tokens = _NUMBER.findall(line)
        lines.append({"text": _NUMBER.sub("{}", line.rstrip()),
                      "values": [float(t) if re.search(r"[.eE]", t) else int(t)
                                 for t in tokens],
                      "tolerances": [_tolerance(t) for t in tokens]})
    return lines


def compare_printed(actual: list[dict], golden: list[dict]) -> list[str]:
    """Differences between the lines an example printed and its golden lines."""
    if [a["text"] for a in actual] != [g["text"] for g in golden]:
        return ["the printed lines differ:\n  got:    "
                + "\n          ".join(a["text"] for a in actual)
                + "\n  golden: " + "\n          ".join(g["text"] for g in golden)]
    out = []
    for k, (a, g) in enumerate(zip(actual, golden)):
        for j, (x, e, tol) in enumerate(zip(a["values"], g["values"], g["tolerances"])):
            room = tol["abs"] + tol["rel"] * abs(e)
            if abs(x - e) > room:
                out.append(f"line {k + 1} ({g['text']!r}), number {j + 1}: got {x!r}, golden "
                           f"{e!r} (room {room:.3g})")
    return out


# ------------------------------------------------------------------------------ writing
def versions() -> dict:
    out = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in ("numpy", "scipy", "numba", "scikit-learn", "reservoirpy", "librosa",
                 "soundfile", "liquidstate"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    try:
        import numpy  # noqa: F401 - loads the BLAS that threadpoolctl reports
        import scipy.linalg  # noqa: F401
        from threadpoolctl import threadpool_info
        out["blas"] = sorted({f"{p.get('internal_api')} {p.get('version')}"
                              for p in threadpool_info() if p.get("user_api") == "blas"})
    except ImportError:
        out["blas"] = None
    return out


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "examples"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+uncommitted changes in src/ or examples/" if dirty else "")


def default_fsdd() -> Path | None:
    for root in (os.environ.get("LIQUIDSTATE_FSDD"), ROOT.parent / "shared" / "datasets" / "fsdd"):
        if root and (Path(root) / "recordings").is_dir():
            return Path(root)
    return None


def load(path: Path = GOLDEN) -> dict:
    """The golden file (an empty skeleton when it does not exist)."""
    if path.exists():
        return json.loads(path.read_text())
    return {"cases": {}, "examples": {}}


def _check_needs(name: str, needs: tuple[str, ...], fsdd) -> None:
    for need in needs:
        if need == "fsdd":
            if fsdd is None:
                raise SystemExit(f"{name} needs the FSDD: pass --fsdd PATH or set "
                                 "LIQUIDSTATE_FSDD (or --only the other cases)")
        else:
            try:
                importlib.import_module(need)
            except ImportError as exc:
                raise SystemExit(f"{name} needs {need} ({exc}); pip install -e '.[dev]'")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="rewrite only these cases or examples (e.g. narma "
                             "first_liquid.py); the others keep their golden figures")
    parser.add_argument("--fsdd", type=Path, default=None,
                        help="FSDD folder (default: $LIQUIDSTATE_FSDD, ../shared/datasets/fsdd)")
    parser.add_argument("--out", type=Path, default=GOLDEN, help=f"default: {GOLDEN}")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    scripts = sorted(EXAMPLES.glob("*.py"))
    if args.list:
        for c in CASES:
            print(f"{c.name:12s} {c.tier:5s} {c.call}")
        for s in scripts:
            print(f"{s.name:12s} {example_spec(s.name).tier:5s} python examples/{s.name}")
        return 0
    known = {c.name for c in CASES} | {s.name for s in scripts}
    if args.only and not set(args.only) <= known:
        parser.error(f"--only: unknown {sorted(set(args.only) - known)}; known: {sorted(known)}")
    if args.only and not args.out.exists():
        parser.error(f"--only rewrites cases of an existing {args.out}; run without it first")
    wanted = (lambda name: name in args.only) if args.only else (lambda name: True)
    fsdd = args.fsdd or default_fsdd()
    for c in CASES:
        if wanted(c.name):
            _check_needs(c.name, c.needs, fsdd)
    for s in scripts:
        if wanted(s.name):
            _check_needs(s.name, example_spec(s.name).needs, fsdd)

    golden = load(args.out) if args.only else {"cases": {}, "examples": {}}
    for c in CASES:
        if not wanted(c.name):
            continue
        print(f"case {c.name}: {c.call}", flush=True)
        golden["cases"][c.name] = {"tier": c.tier, "needs": list(c.needs), "call": c.call,
                                   "figures": c.run(fsdd=fsdd)}
    for s in scripts:
        if not wanted(s.name):
            continue
        spec = example_spec(s.name)
        print(f"example {s.name}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            out = run_example(s, Path(tmp), fsdd if "fsdd" in spec.needs else None)
        if out.returncode != 0:
            raise SystemExit(f"examples/{s.name} failed:\n{out.stderr[-3000:]}")
        golden["examples"][s.name] = {"tier": spec.tier, "needs": list(spec.needs),
                                      "ignore": list(spec.ignore),
                                      "lines": printed_figures(out.stdout, spec.ignore)}
    stale = [n for n in golden["cases"] if n not in {c.name for c in CASES}]
    stale += [n for n in golden["examples"] if n not in {s.name for s in scripts}]
    for n in stale:
        golden["cases"].pop(n, None)
        golden["examples"].pop(n, None)

    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if args.only:           # keep the last full run's header, and say what was rewritten
        previous = load(args.out)
        updates = previous.get("updates", []) + [{
            "command": f"{COMMAND} --only {' '.join(args.only)}", "date": now,
            "commit": git_commit(), "versions": versions()}]
        header = {k: previous[k] for k in previous if k not in ("cases", "examples")}
        doc = {**header, "updates": updates, "cases": golden["cases"],
               "examples": golden["examples"]}
        args.out.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"updated {args.out}")
        return 0
    header = {
        "about": "Golden figures of liquidstate's experiments and examples, compared by "
                 "tests/test_golden.py and tests/test_examples.py. Written by the command "
                 "below; see its docstring for when regenerating is legitimate and for the "
                 "tolerance of each kind of figure.",
        "command": COMMAND,
        "date": now,
        "commit": git_commit(),
        "versions": versions(),
        "kinds": {**KINDS, "accuracy": {"abs": "0.5 / n_test", "rel": 0.0}},
        "printed": "integers exactly; decimals to one unit of the last printed digit, "
                   "and never tighter than rel 1e-6",
    }
    doc = {**header, "updates": [], "cases": golden["cases"], "examples": golden["examples"]}
    args.out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
