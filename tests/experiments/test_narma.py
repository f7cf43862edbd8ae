"""NARMA-10 and the memory capacity (Jaeger 2001): the liquid against the no-liquid control
(documented figures, fixed seeds), and the ReservoirPy echo state network when installed."""

import json

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from liquidstate.experiments import SequenceResult, run_memory_capacity, run_narma
from liquidstate.experiments.narma import control_states
from liquidstate.network.specs import Maass2002

SEEDS = (0, 1, 2)


@pytest.fixture
def one_blas_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def test_liquid_memory_exceeds_the_control(one_blas_thread):
    # documented (5 seeds): liquid 0.80 +- 0.07, control 0.459; every seed beats the control
    res = run_memory_capacity(seeds=SEEDS, esn=False)
    print(res.table())
    assert res.metric == "mc" and res.esn is None and res.esn_curve is None
    assert res.control == pytest.approx(0.459, abs=0.005)
    assert np.all(res.liquid > res.control + 0.2)
    assert res.liquid.mean() == pytest.approx(0.81, abs=0.05)
    # the forgetting curve: delay 1 is remembered best, long delays are forgotten
    curve = res.liquid_curve.mean(axis=0)
    assert curve.shape == (40,) and curve[0] == curve.max() and curve[-10:].max() < 0.02
    assert res.control_curve[0] > 0.15 and res.control_curve.sum() == pytest.approx(res.control)
    json.dumps(res.summary())


def test_narma_liquid_below_control(one_blas_thread):
    # documented (5 seeds): the paper's column 0.891 +- 0.012 (barely below the control's
    # 0.894), weight_scale=3 0.847 +- 0.007
    paper = run_narma(seeds=SEEDS, esn=False)
    strong = run_narma(network=Maass2002(weight_scale=3.0), seeds=SEEDS, esn=False)
    print(paper.table())
    print(strong.table())
    assert paper.metric == "nrmse" and paper.control == pytest.approx(0.894, abs=0.005)
    assert paper.liquid.mean() < paper.control and np.all(paper.liquid < 1.0)
    assert paper.liquid.mean() == pytest.approx(0.889, abs=0.01)
    assert np.all(strong.liquid < strong.control - 0.03)
    assert strong.liquid.mean() == pytest.approx(0.848, abs=0.01)


def test_reproducible_and_summary(one_blas_thread):
    kw = {"seeds": (1,), "n_train": 300, "n_test": 200, "washout": 50, "esn": False}
    a, b = run_narma(**kw), run_narma(**kw)
    assert isinstance(a, SequenceResult)
    assert np.array_equal(a.liquid, b.liquid) and a.control == b.control
    s = a.summary()
    assert s["task"] == "narma10" and s["seeds"] == [1] and s["n_train"] == 300
    assert s["esn"] is None and s["n_neurons"] == 135 and s["rates_hz"][0] > 0
    json.dumps(s)
    assert "not run" in a.table()


def test_poisson_encoder_runs(one_blas_thread):
    res = run_memory_capacity(seeds=(0,), encoder="poisson", max_delay=10, washout=20,
                              n_train=300, n_test=200, esn=False)
    assert res.encoder == "poisson" and res.rates[0] > 0
    assert 0 <= res.liquid[0] <= 10 and res.liquid_curve.shape == (1, 10)


def test_control_states_is_the_exact_filter():
    u = np.array([1.0, 0.0, 0.0, 2.0])
    step, tau = 0.01, 0.03
    x = control_states(u, step=step, tau=tau)[:, 0]
    d = np.exp(-step / tau)
    g = tau * (1 - d)
    assert x == pytest.approx([g, g * d, g * d * d, g * d ** 3 + 2 * g])
    # a constant input converges to tau * u (the integral of the kernel)
    assert control_states(np.ones(200), step=step, tau=tau)[-1, 0] == pytest.approx(tau)


@pytest.mark.parametrize("kwargs, error", [
    ({"encoder": "spikes"}, ValueError),
    ({"seeds": ()}, ValueError),
    ({"n_train": 0}, ValueError),
    ({"washout": -1}, ValueError),
    ({"n_test": 2.5}, TypeError),
    ({"alphas": [0.0]}, ValueError),
    ({"network": "maass"}, TypeError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        run_narma(**{"n_train": 20, "n_test": 10, "washout": 5, "esn": False, **kwargs})


def test_memory_washout_covers_the_delays():
    with pytest.raises(ValueError, match="max_delay"):
        run_memory_capacity(max_delay=40, washout=10, esn=False)


def test_esn_benchmark(one_blas_thread):
    pytest.importorskip("reservoirpy")
    # documented (5 seeds, full length): ESN NRMSE 0.320 +- 0.024, MC 19.1 +- 0.6
    res = run_memory_capacity(seeds=(0,), n_train=1000, n_test=500)
    assert res.esn is not None and res.esn_curve.shape == (1, 40)
    assert res.esn[0] > 10 > res.liquid[0]
    narma = run_narma(seeds=(0,), n_train=1000, n_test=500)
    assert narma.esn[0] < 0.5 < narma.liquid[0]
    assert "reservoirpy" in narma.table()


def test_esn_skipped_without_reservoirpy(monkeypatch):
    # an import that fails (as without the bench extra) leaves the ESN part out: None
    monkeypatch.setitem(__import__("sys").modules, "reservoirpy.nodes", None)
    res = run_memory_capacity(seeds=(0,), max_delay=5, washout=10, n_train=100, n_test=50)
    assert res.esn is None and res.esn_curve is None and res.summary()["esn"] is None
