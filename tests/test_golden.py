"""Every experiment, run small through its public function, gives its golden figures.

The figures, their tolerances and how they were produced are in ``tests/golden/figures.json``,
written by ``tests/golden/make_golden.py`` (see its docstring for when regenerating is
legitimate). Quick-tier cases run in ``make test``; the others (the 1,000-neuron column, the
ESN baseline, the FSDD run) in the full tier.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest



def _load_make_golden():
    """tests/golden/make_golden.py as a module (a script, not in a package)."""
    if "make_golden" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "make_golden", Path(__file__).resolve().parent / "golden" / "make_golden.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_golden"] = module          # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["make_golden"]


make_golden = _load_make_golden()

GOLDEN = make_golden.load()
REGENERATE = ("if the model's results are meant to change, regenerate with "
              "`python tests/golden/make_golden.py` and say why in the commit")


def _param(case):
    marks = [pytest.mark.slow] if case.tier == "full" else []
    if "fsdd" in case.needs:
        marks.append(pytest.mark.data)
    return pytest.param(case, marks=marks, id=case.name)


def _resources(needs, request) -> dict:
    """Provide what a case or an example needs: skipped (quick tier) or failed (full tier)
    when it is missing (see ``tests/conftest.py``)."""
    out = {}
    for need in needs:
        if need == "fsdd":
            out["fsdd"] = request.getfixturevalue("fsdd_dir")
        else:
            pytest.importorskip(need)
    return out


def test_the_golden_file_says_how_it_was_produced():
    assert GOLDEN.get("command", "").startswith(make_golden.COMMAND)
    assert GOLDEN.get("date") and GOLDEN.get("commit") is not None
    for lib in ("numpy", "scipy", "numba", "scikit-learn"):
        assert GOLDEN["versions"][lib], lib
    # every case and example of the script is in the file, and nothing else
    assert set(GOLDEN["cases"]) == {c.name for c in make_golden.CASES}, REGENERATE
    assert set(GOLDEN["examples"]) == {p.name for p in make_golden.EXAMPLES.glob("*.py")}, \
        REGENERATE


@pytest.mark.parametrize("case", [_param(c) for c in make_golden.CASES])
def test_case_gives_its_golden_figures(case, request):
    resources = _resources(case.needs, request)
    golden = GOLDEN["cases"].get(case.name)
    assert golden is not None, f"{case.name} is not in the golden file; {REGENERATE}"
    assert golden["call"] == case.call, f"{case.name}'s call changed; {REGENERATE}"
    differences = make_golden.compare_figures(case.run(**resources), golden["figures"])
    assert not differences, (f"{case.name} ({case.call}) differs from its golden figures "
                             f"({GOLDEN['date']}, {GOLDEN['versions']}):\n  "
                             + "\n  ".join(differences) + f"\n{REGENERATE}")


# ------------------------------------------------------------ the comparison itself
def test_compare_applies_each_kind_of_tolerance():
    compare = make_golden.compare
    exact, readout = make_golden.fig(3, "exact"), make_golden.fig(0.5, "readout")
    assert compare(3, exact) == [] and compare(4, exact)
    assert compare(0.5 * (1 + 5e-6), readout) == [] and compare(0.5 * (1 + 5e-5), readout)
    acc = make_golden.accuracy([0.5, 0.75], n_test=4)          # half of one sample: 0.125
    assert compare([0.5, 0.75], acc) == [] and compare([0.5, 1.0], acc)
    assert compare([0.5], acc) and compare(0.5, acc)           # shapes must agree
    nan = make_golden.fig(float("nan"), "readout")
    assert compare(float("nan"), nan) == [] and compare(1.0, nan)


def test_compare_figures_names_missing_and_extra_figures():
    fig = make_golden.fig
    golden = {"a": fig(1, "exact"), "b": fig(2, "exact")}
    out = make_golden.compare_figures({"a": fig(1, "exact"), "c": fig(3, "exact")}, golden)
    assert len(out) == 2 and any(m.startswith("b:") for m in out) \
        and any(m.startswith("c:") for m in out)


def test_printed_figures_templates_and_tolerances():
    lines = make_golden.printed_figures(
        "t = 0.25 s: 1234 spikes\n\nliquid 84.2 +- 1.9%   seg 1, tau 10-300 ms, alpha=1e+04\n"
        "r 0.900+-0.001, -0.5\n"
        "{'rate': 12.345678901234, 'cv': np.float64(0.5)}\n")
    assert [line["text"] for line in lines] == [
        "t = {} s: {} spikes", "liquid {} +- {}%   seg {}, tau {}-{} ms, alpha={}",
        "r {}+-{}, {}", "{'rate': {}, 'cv': np.float64({})}"]
    assert lines[0]["values"] == [0.25, 1234] and lines[1]["values"][3:6] == [10, 300, 1e4]
    tol = [t["abs"] for t in lines[1]["tolerances"]]
    assert tol[:2] == [pytest.approx(0.1), pytest.approx(0.1)] and tol[2] == 0 \
        and tol[5] == pytest.approx(1e4)
    assert lines[2]["values"] == [0.9, 0.001, -0.5]
    assert lines[3]["tolerances"][0]["rel"] == 1e-6
    golden = lines
    shifted = make_golden.printed_figures("t = 0.25 s: 1235 spikes\n")
    assert make_golden.compare_printed(shifted, golden[:1])
    assert make_golden.compare_printed(make_golden.printed_figures("t = 0.26 s: 1234 spikes"),
                                       golden[:1]) == []
    assert make_golden.compare_printed(make_golden.printed_figures("t = 0.25 s: 1234 events"),
                                       golden[:1])
