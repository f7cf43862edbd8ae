"""Real-time computing on 4 Poisson streams (Maass 2002, Fig. 5) reaches its documented
targets; its readout (ridge, penalty by cross-validation over whole runs) agrees with
scikit-learn."""

import json

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.model_selection import PredefinedSplit, cross_val_score
from threadpoolctl import threadpool_limits

from liquidstate.experiments import MultitaskResult, run_multitask
from liquidstate.experiments.multitask import TASKS, _pearson, _score, multitask_data
from liquidstate.network.specs import Maass2002


def _mean(summary, name, task):
    return summary[name][task]["mean"]


@pytest.fixture
def one_blas_thread():
    # The readout's eigendecompositions run far faster on one BLAS thread than on several
    # threads competing with other processes on a busy machine; results are the same.
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def test_thousand_neurons_reach_the_targets(one_blas_thread):
    # 1,000-neuron column, the paper's parameters and 30 ms state, 5 liquid seeds: the
    # issue's targets (r >= 0.88 and 0.75), well above the input's filter for 200 ms
    res = run_multitask(network=Maass2002(shape=(10, 10, 10)), taus=None)
    s = res.summary()
    print(res.table())
    assert _mean(s, "liquid", "count_30ms") >= 0.88
    assert _mean(s, "liquid", "count_200ms") >= 0.75
    assert _mean(s, "liquid", "count_200ms") - _mean(s, "control", "count_200ms") >= 0.1
    # the liquid detects the pattern and coincidences far better than the input's filter
    assert _mean(s, "liquid", "pattern") - _mean(s, "control", "pattern") >= 0.4
    assert _mean(s, "liquid", "coincidences") - _mean(s, "control", "coincidences") >= 0.15
    assert s["liquid"]["count_200ms"]["sd"] < 0.02
    assert "liquid_multi" not in s and res.liquid_multi is None


def test_paper_column_and_the_filter_bank(one_blas_thread):
    # the paper's 135-neuron column with the 30 ms state; with
    # filters of 10, 30, 100 ms the input alone counts as well, the liquid adds to the
    # pattern and the coincidences
    res = run_multitask()
    s = res.summary()
    print(res.table())
    assert res.liquid.shape == res.liquid_multi.shape == (5, len(TASKS))
    assert _mean(s, "liquid", "count_30ms") >= 0.85
    assert _mean(s, "liquid", "count_200ms") >= 0.6
    assert _mean(s, "liquid_multi", "count_200ms") >= 0.9
    assert _mean(s, "liquid", "count_200ms") - _mean(s, "control", "count_200ms") >= 0.1
    assert _mean(s, "liquid_multi", "pattern") - _mean(s, "control_multi", "pattern") >= 0.4
    assert (_mean(s, "liquid_multi", "coincidences")
            - _mean(s, "control_multi", "coincidences")) >= 0.05
    json.dumps(s)


def test_result_summary_and_table(one_blas_thread):
    res = run_multitask(n_train=6, n_test=3, n_folds=3, seeds=(0,), taus=(0.01, 0.1))
    assert isinstance(res, MultitaskResult)
    s = res.summary()
    assert s["tasks"] == list(TASKS) and s["seeds"] == [0] and s["taus"] == [0.01, 0.1]
    assert s["n_times"] == 81 and s["n_train"] == 6 and s["n_test"] == 3
    assert set(s["liquid"]) == set(TASKS)
    assert np.all(np.abs(res.liquid) <= 1) and res.rates[0] > 0
    table = res.table()
    for task in TASKS:
        assert task in table
    json.dumps(s)


# ---------------------------------------------------------------------------- the data
def test_multitask_data_targets():
    spikes, times, Y = multitask_data(20, duration=0.5, seed=3)
    assert spikes.n_samples == 20 and spikes.n_channels == 4
    assert times.shape == (20, 50) and Y.shape == (20, 50, 4)
    np.testing.assert_allclose(times[0], 0.01 * np.arange(1, 51))
    assert np.all(Y >= 0)
    assert np.all(Y[..., 1] >= Y[..., 0])              # 200 ms hold the last 30 ms
    assert set(np.unique(Y[..., 2])) <= {0.0, 1.0}
    with_pattern = Y[..., 2].max(axis=1) == 1
    assert with_pattern.sum() == 10                    # half of the runs
    on = Y[with_pattern, :, 2].sum(axis=1)
    assert np.all(on <= 5) and np.mean(on == 5) >= 0.8   # 50 ms at 10 ms steps (unless cut
                                                         # by the end of the run)
    again = multitask_data(20, duration=0.5, seed=3)[2]
    np.testing.assert_array_equal(Y, again)
    assert not np.array_equal(Y, multitask_data(20, duration=0.5, seed=4)[2])


# ---------------------------------------------------------------------------- the readout
def _problem(seed=0, R=12, J=15, F=6, T=2):
    g = np.random.default_rng(seed)
    X = g.normal(size=(R, J, F)) * g.uniform(0.5, 3, F) + g.uniform(-1, 2, F)
    w = g.normal(size=(F, T))
    Y = X @ w + g.normal(scale=2.0, size=(R, J, T)) + np.array([1.0, -3.0])[:T]
    return X, Y


@pytest.mark.parametrize("n_folds", [3, 4])
def test_penalty_chosen_by_folds_of_whole_runs(n_folds):
    X, Y = _problem(seed=1, F=10)
    alphas = np.logspace(-2, 4, 13)
    n_train = 9
    Xf = X[:n_train].reshape(-1, X.shape[-1])
    Yf = Y[:n_train].reshape(-1, Y.shape[-1])
    split = PredefinedSplit(np.repeat(np.arange(n_train) % n_folds, X.shape[1]))
    r, chosen = _score(X, n_train, Y[:n_train], Y[n_train:], alphas, n_folds, False, "min")
    for t in range(Y.shape[-1]):
        mse = [-cross_val_score(Ridge(alpha=a), Xf, Yf[:, t], cv=split,
                                scoring="neg_mean_squared_error").mean() for a in alphas]
        assert chosen[t] == alphas[int(np.argmin(mse))]
        pred = Ridge(alpha=chosen[t]).fit(Xf, Yf[:, t]).predict(
            X[n_train:].reshape(-1, X.shape[-1]))
        assert r[t] == pytest.approx(_pearson(pred, Y[n_train:, :, t]), rel=1e-9)
    # the one-standard-error rule never picks a smaller penalty
    se = _score(X, n_train, Y[:n_train], Y[n_train:], alphas, n_folds, False, "1se")[1]
    assert np.all(se >= chosen)


def test_pearson():
    g = np.random.default_rng(0)
    a, b = g.normal(size=50), g.normal(size=50)
    assert _pearson(a, b) == pytest.approx(np.corrcoef(a, b)[0, 1])
    assert _pearson(a, 2 * a + 1) == pytest.approx(1.0)
    assert _pearson(a, np.ones(50)) == 0.0


# ---------------------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs, match", [
    ({"n_train": 0}, "n_train"),
    ({"n_test": 1.5}, "n_test"),
    ({"n_folds": 1}, "n_folds"),
    ({"n_train": 4, "n_folds": 5}, "n_folds"),
    ({"washout": 1.0}, "washout"),
    ({"washout": -0.1}, "washout"),
    ({"tau": (0.01, 0.03)}, "tau"),
    ({"taus": ()}, "tau"),
    ({"seeds": ()}, "seeds"),
    ({"seeds": (-1,)}, "seeds"),
    ({"alphas": [0.0, 1.0]}, "alphas"),
    ({"alpha_rule": "best"}, "alpha_rule"),
    ({"duration": 0}, "duration"),
    ({"network": "maass"}, "network"),
])
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        run_multitask(**kwargs)
