"""RLS readout: exact weighted least squares, convergence, tracking, blocks = single steps."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression

from liquidstate.readouts import RLSReadout


def data(n=500, p=6, t=None, seed=0, noise=0.1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w = rng.standard_normal((p,) if t is None else (p, t))
    return X, X @ w + 1.5 + noise * rng.standard_normal((n,) if t is None else (n, t))


def weighted_ls(X, y, lam, delta, intercept=True):
    """The exact minimiser of sum lam^(n-j) (y_j - w.x_j)^2 + lam^n / delta ||w||^2."""
    A = np.hstack([X, np.ones((len(X), 1))]) if intercept else X
    n = len(X)
    f = lam ** (n - 1 - np.arange(n))
    w = np.linalg.solve((A * f[:, None]).T @ A + lam ** n / delta * np.eye(A.shape[1]),
                        (A * f[:, None]).T @ y)
    return (w[:-1].T, w[-1]) if intercept else (w.T, 0.0)


@pytest.mark.parametrize("lam", [1.0, 0.99, 0.9])
@pytest.mark.parametrize("intercept", [True, False])
def test_equals_exact_exponentially_weighted_ridge(lam, intercept):
    X, y = data(n=300)
    m = RLSReadout(forgetting=lam, delta=10.0, fit_intercept=intercept).fit(X, y)
    coef, b = weighted_ls(X, y, lam, 10.0, intercept)
    np.testing.assert_allclose(m.coef_, coef, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(m.intercept_, b, rtol=1e-8, atol=1e-10)


def test_converges_to_least_squares_on_stationary_data():
    X, y = data(n=3000, noise=0.5)
    m = RLSReadout().fit(X, y)
    ref = LinearRegression().fit(X, y)
    np.testing.assert_allclose(m.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(m.intercept_, ref.intercept_, atol=1e-5)
    assert m.n_samples_seen_ == 3000


@pytest.mark.parametrize("lam", [1.0, 0.95])
def test_block_updates_equal_single_row_updates(lam):
    X, Y = data(n=200, t=2)
    whole = RLSReadout(forgetting=lam).fit(X, Y)
    rows = RLSReadout(forgetting=lam)
    for i in range(200):
        rows.partial_fit(X[i:i + 1], Y[i:i + 1])
    np.testing.assert_allclose(rows.coef_, whole.coef_, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(rows.P_, whole.P_, rtol=1e-8, atol=1e-12)
    assert whole.coef_.shape == (2, 6) and whole.predict(X).shape == (200, 2)


def test_tracks_a_changing_target_with_forgetting():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2000, 4))
    w1, w2 = rng.standard_normal(4), rng.standard_normal(4)
    y = np.where(np.arange(2000) < 1000, X @ w1, X @ w2) + 0.05 * rng.standard_normal(2000)
    errors = {}
    for lam in (1.0, 0.97):
        m = RLSReadout(forgetting=lam)
        err = []
        for i in range(0, 2000, 50):                  # online: predict the chunk, then learn it
            if i:
                err.append(np.mean((m.predict(X[i:i + 50]) - y[i:i + 50]) ** 2))
            m.partial_fit(X[i:i + 50], y[i:i + 50])
        errors[lam] = np.mean(err[-10:])              # the last 500 samples (second regime)
        np.testing.assert_allclose(m.coef_, w2, atol=0.1 if lam < 1 else 10)
    assert errors[0.97] < 0.01 < errors[1.0]


def test_errors():
    X, y = data(n=20)
    with pytest.raises(NotFittedError):
        RLSReadout().predict(X)
    for lam in (0.0, 1.5, np.nan):
        with pytest.raises(ValueError, match="forgetting"):
            RLSReadout(forgetting=lam).fit(X, y)
    with pytest.raises(ValueError, match="delta"):
        RLSReadout(delta=0).fit(X, y)
    m = RLSReadout().fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features"):
        m.partial_fit(X[:, :5], y)
    with pytest.raises(ValueError, match="y has 2 targets"):
        m.partial_fit(X, np.c_[y, y])
    Xn = X.copy()
    Xn[1, 1] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        RLSReadout().fit(Xn, y)


def test_fit_forgets_previous_data():
    X, y = data(n=100)
    a = RLSReadout().fit(X[:50], -y[:50]).fit(X, y)
    b = RLSReadout().fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
