"""The Maass 2002 template benchmarks reach their documented reference results."""

import numpy as np
import pytest

from liquidstate.experiments.templates import run_templates, wilson_interval
from liquidstate.network.specs import Maass2002


def test_two_templates_reproduce_the_paper():
    res = run_templates(n_templates=2, n_runs=200, jitter=4e-3, seeds=(0, 1, 2, 3, 4))
    assert res.liquid.mean() >= 0.98
    assert res.liquid.min() >= 0.95


def test_ten_templates_the_liquid_matters():
    # 10 templates, jitter SD 8 ms, one state at the end; a 1,000-neuron column whose input
    # reaches every neuron
    res = run_templates(n_templates=10, n_runs=500, jitter=8e-3, seeds=(0, 1, 2, 3, 4),
                        network=Maass2002(shape=(10, 10, 10), input_fraction=1.0))
    s = res.summary()
    print(s)
    assert s["liquid_mean"] >= 0.80
    assert s["liquid_mean"] - s["control_mean"] >= 0.30
    assert s["liquid_ci95"][0] < s["liquid_mean"] < s["liquid_ci95"][1]
    # with filters of 10, 30, 100, 300 ms the input alone gains most, the liquid still adds
    assert s["multi_tau"] == [0.01, 0.03, 0.1, 0.3]
    assert s["liquid_mean_multi"] >= 0.93 and s["control_mean_multi"] >= 0.6
    assert s["liquid_mean_multi"] - s["control_mean_multi"] >= 0.2


def test_the_liquid_beats_the_control_on_a_small_task():
    # 4 templates at 10 Hz: the 30 ms state of the input at the end of a run has seen too
    # few spikes to tell the templates apart; the liquid remembers more (chance 25%)
    res = run_templates(n_templates=4, n_runs=120, rate=10.0, jitter=4e-3, seeds=(0, 1, 2),
                        multi_tau=None)
    assert res.liquid.mean() >= 0.9 and res.liquid.min() >= 0.85
    assert res.control[0] <= 0.65
    assert res.liquid.mean() - res.control[0] >= 0.3
    assert res.timings["simulate_s"] and len(res.timings["readout_s"]) == 3


SMALL = {"n_templates": 3, "n_runs": 30, "duration": 0.2, "seeds": (0, 1),
         "network": Maass2002(shape=(3, 3, 3))}


def test_multi_timescale_state_beside_the_30ms_one():
    res = run_templates(multi_tau=0.1, **SMALL)
    assert res.multi_tau == (0.1,)
    assert res.liquid_multi.shape == res.control_multi.shape == (2,)
    assert np.all(res.control_multi == res.control_multi[0])   # no liquid, no seed
    s = res.summary()
    assert s["liquid_multi"] == res.liquid_multi.tolist()
    assert s["liquid_ci95_multi"][0] <= s["liquid_mean_multi"] <= s["liquid_ci95_multi"][1]
    # one filter constant equal to tau is the 30 ms state itself
    same = run_templates(tau=0.03, multi_tau=(0.03,), **SMALL)
    assert same.liquid_multi.tolist() == same.liquid.tolist()
    assert same.control_multi.tolist() == same.control.tolist()
    # None skips it
    skipped = run_templates(multi_tau=None, **SMALL)
    assert skipped.liquid_multi is None and skipped.multi_tau is None
    s = skipped.summary()
    assert s["liquid_mean_multi"] is None and s["control_multi"] is None
    assert s["liquid_mean"] == pytest.approx(res.liquid.mean())
    with pytest.raises(ValueError, match="seeds"):
        run_templates(**{**SMALL, "seeds": ()})


def test_wilson_interval():
    lo, hi = wilson_interval(0.5, 100)
    assert lo == pytest.approx(0.4038, abs=1e-3) and hi == pytest.approx(0.5962, abs=1e-3)
    assert wilson_interval(1.0, 50)[1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="n must be"):
        wilson_interval(0.5, 0)
    assert np.isfinite(wilson_interval(0.0, 10)).all()
