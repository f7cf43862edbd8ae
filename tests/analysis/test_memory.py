"""Memory capacity and NRMSE against exact and hand-computed values."""

import numpy as np
import pytest

from liquidstate.analysis import memory_capacity, memory_function, nrmse
from liquidstate.datasets import memory_task
from liquidstate.random import rng


def test_perfect_predictor_scores_number_of_delays():
    _, targets = memory_task(2000, 12, seed=0)
    assert memory_capacity(targets, targets) == pytest.approx(12.0)
    # a scaled and shifted prediction is as good (correlation, not error)
    assert memory_capacity(targets, 3 * targets - 1) == pytest.approx(12.0)
    np.testing.assert_allclose(memory_function(targets, targets), np.ones(12))


def test_noise_predictor_scores_about_zero():
    _, targets = memory_task(10_000, 10, seed=1)
    noise = rng(0, "test").normal(size=targets.shape)
    mc = memory_capacity(targets, noise)
    assert 0 <= mc < 0.02          # expected about n_delays / n_steps = 0.001


def test_partial_correlation():
    g = rng(0, "test")
    x = g.normal(size=20_000)
    y = x + g.normal(size=x.size)                       # corr^2 = 1 / 2
    assert memory_function(x, y)[0] == pytest.approx(0.5, abs=0.02)


def test_nan_rows_and_constant_columns():
    t = np.array([[np.nan, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0]])
    p = np.array([[5.0, 0.0], [2.0, 1.0], [4.0, 2.0], [6.0, 3.0]])
    np.testing.assert_allclose(memory_function(t, p), [1.0, 0.0])   # constant target: 0
    with pytest.raises(ValueError, match="same shape"):
        memory_capacity(t, p[:, :1])


def test_nrmse_hand_examples():
    assert nrmse([0.0, 2.0], [1.0, 1.0]) == pytest.approx(1.0)     # the mean scores 1
    assert nrmse([0.0, 2.0], [0.5, 2.5]) == pytest.approx(0.5)     # rmse 0.5, sd 1
    assert nrmse([0.0, 2.0], [0.0, 2.0]) == 0.0
    y = np.array([[0.0, 0.0], [2.0, 4.0]])
    p = np.array([[1.0, 0.0], [1.0, 5.0]])
    np.testing.assert_allclose(nrmse(y, p, axis=0), [1.0, np.sqrt(0.5) / 2])
    assert nrmse([0.0, np.nan, 2.0], [1.0, 7.0, 1.0]) == pytest.approx(1.0)
    assert nrmse([1.0, 1.0], [1.0, 2.0]) == np.inf
    with pytest.raises(ValueError, match="same shape"):
        nrmse([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="axis"):
        nrmse([1.0, 2.0], [1.0, 2.0], axis=1)
