"""NARMA-10 and the memory capacity (Jaeger 2001): the liquid against the no-liquid control,
and the ReservoirPy echo state network when installed (the readout's handling of features
silent in training is tested in tests/readouts/test_linear.py)."""

import json

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from liquidstate.experiments import SequenceResult, run_memory_capacity, run_narma
from liquidstate.network.specs import Maass2002
from liquidstate.states import StateExtractor, filtered_signals

SEEDS = (0, 1, 2)


@pytest.fixture
def one_blas_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def test_liquid_memory_exceeds_the_control(one_blas_thread):
    res = run_memory_capacity(seeds=SEEDS, esn=False)
    print(res.table())
    assert res.metric == "mc" and res.esn is None and res.esn_curve is None
    # the control remembers about one filtered step; every liquid seed clearly more
    assert 0.2 < res.control < 1.0
    assert np.all(res.liquid > res.control + 0.2)
    # the forgetting curve: delay 1 is remembered best, long delays are forgotten
    curve = res.liquid_curve.mean(axis=0)
    assert curve.shape == (40,) and curve[0] == curve.max() and curve[-10:].max() < 0.02
    assert res.control_curve[0] > 0.15 and res.control_curve.sum() == pytest.approx(res.control)
    # the multi-timescale state (10, 30, 100, 300 ms): the filter bank alone remembers much
    # more than one filter, and the liquid with the same bank a little more still
    assert res.multi_tau == (0.01, 0.03, 0.1, 0.3)
    assert res.control_multi > 2 * res.control
    assert res.liquid_multi.mean() > res.control_multi
    assert res.liquid_multi_curve.shape == (3, 40)
    assert res.control_multi_curve.sum() == pytest.approx(res.control_multi)
    json.dumps(res.summary())


def test_narma_liquid_below_control(one_blas_thread):
    paper = run_narma(seeds=SEEDS, esn=False)
    strong = run_narma(network=Maass2002(weight_scale=3.0), seeds=SEEDS, esn=False,
                       multi_tau=None)
    print(paper.table())
    print(strong.table())
    assert paper.metric == "nrmse" and 0.8 < paper.control < 1.0
    assert paper.liquid.mean() < paper.control and np.all(paper.liquid < 1.0)
    # stronger recurrent synapses remember more: every seed clearly below the control
    assert np.all(strong.liquid < strong.control - 0.03)
    assert strong.liquid.mean() < paper.liquid.mean()
    # the multi-timescale state: the filter bank on the input beats one filter, and no
    # liquid seed breaks down (a neuron silent in training that fires in the test gave
    # NRMSE 1e4 and more when the readout scaled its tail up)
    assert paper.control_multi < paper.control - 0.1
    assert np.all(paper.liquid_multi < 1.0)


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


def test_multi_tau_of_tau_alone_reproduces_the_tau_state(one_blas_thread):
    kw = {"seeds": (1,), "n_train": 300, "n_test": 200, "washout": 50, "esn": False,
          "multi_tau": [0.03]}
    narma = run_narma(**kw)
    assert narma.multi_tau == (0.03,)
    assert run_narma(**{**kw, "multi_tau": 0.03}).liquid_multi == pytest.approx(narma.liquid)
    assert np.array_equal(narma.liquid_multi, narma.liquid)
    assert narma.control_multi == narma.control
    mem = run_memory_capacity(max_delay=10, **kw)
    assert np.array_equal(mem.liquid_multi, mem.liquid) and mem.control_multi == mem.control
    assert np.array_equal(mem.liquid_multi_curve, mem.liquid_curve)
    assert np.array_equal(mem.control_multi_curve, mem.control_curve)


def test_small_run_reports_the_multi_timescale_state(one_blas_thread):
    kw = {"seeds": (0, 1), "n_train": 300, "n_test": 200, "washout": 50, "esn": False,
          "network": Maass2002(shape=(3, 3, 3))}
    narma = run_narma(**kw)                                   # default: 10, 30, 100, 300 ms
    assert narma.multi_tau == (0.01, 0.03, 0.1, 0.3)
    assert narma.liquid_multi.shape == (2,) and np.all(np.isfinite(narma.liquid_multi))
    assert np.isfinite(narma.control_multi) and narma.control_multi != narma.control
    s = narma.summary()
    assert s["multi_tau"] == [0.01, 0.03, 0.1, 0.3] and s["control_multi"] == narma.control_multi
    assert s["liquid_multi"]["values"] == narma.liquid_multi.tolist()
    json.dumps(s)
    assert "10, 30, 100, 300 ms" in narma.table()
    mem = run_memory_capacity(max_delay=5, multi_tau=(0.01, 0.3), **kw)
    assert mem.liquid_multi_curve.shape == (2, 5) and mem.control_multi_curve.shape == (5,)
    assert 0 <= mem.control_multi <= 2           # at most one delay per feature (2 filters)
    assert mem.summary()["control_multi_curve"] == mem.control_multi_curve.tolist()
    # None or empty skips it
    for skip in (None, [], ()):
        res = run_memory_capacity(max_delay=5, multi_tau=skip, **{**kw, "seeds": (0,)})
        assert res.liquid_multi is None and res.control_multi is None
        assert res.multi_tau is None and res.liquid_multi_curve is None
        assert res.summary()["liquid_multi"] is None and "multi" not in res.table()


def test_the_control_is_the_input_through_the_state_filters():
    # the control's features are StateExtractor.signal_states of the raw input
    u = np.random.default_rng(0).uniform(0, 0.5, 50)
    ex = StateExtractor(tau=(0.03, 0.01, 0.3), every=0.01)
    C = ex.signal_states(u[None, :, None], dt=0.01)[0]
    assert C.shape == (50, 3)
    np.testing.assert_allclose(C[:, 0], filtered_signals(u[None, :, None], dt=0.01,
                                                         tau=0.03, every=0.01)[0, :, 0])


@pytest.mark.parametrize("kwargs, error", [
    ({"encoder": "spikes"}, ValueError),
    ({"seeds": ()}, ValueError),
    ({"n_train": 0}, ValueError),
    ({"washout": -1}, ValueError),
    ({"n_test": 2.5}, TypeError),
    ({"alphas": [0.0]}, ValueError),
    ({"network": "maass"}, TypeError),
    ({"multi_tau": [0.01, 0.0]}, ValueError),
    ({"multi_tau": [[0.01, 0.03]]}, TypeError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        run_narma(**{"n_train": 20, "n_test": 10, "washout": 5, "esn": False, **kwargs})


def test_memory_washout_covers_the_delays():
    with pytest.raises(ValueError, match="max_delay"):
        run_memory_capacity(max_delay=40, washout=10, esn=False)


def test_esn_benchmark(one_blas_thread):
    pytest.importorskip("reservoirpy")
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
