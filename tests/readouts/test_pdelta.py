"""p-delta readouts: a separable and an XOR-like problem, regression, reproducibility."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from liquidstate.readouts import PDeltaClassifierReadout, PDeltaReadout


def xor_data(n=400, seed=0):
    """Noisy corners (+-1, +-1); class 1 where both coordinates have the same sign."""
    rng = np.random.default_rng(seed)
    c = rng.choice([-1.0, 1.0], size=(n, 2))
    return c + 0.3 * rng.standard_normal((n, 2)), (c[:, 0] * c[:, 1] > 0).astype(int)


def split(X, y):
    h = len(X) // 2
    return X[:h], X[h:], y[:h], y[h:]


def test_learns_a_linearly_separable_problem():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((400, 5))
    y = (X @ rng.standard_normal(5) + 0.3 > 0).astype(int)
    Xtr, Xte, ytr, yte = split(X, y)
    for seed in range(3):
        assert PDeltaClassifierReadout(random_state=seed).fit(Xtr, ytr).score(Xte, yte) >= 0.9


def test_learns_xor_where_a_single_perceptron_fails():
    Xtr, Xte, ytr, yte = split(*xor_data())
    assert LogisticRegression().fit(Xtr, ytr).score(Xte, yte) <= 0.8
    for seed in range(3):
        single = PDeltaClassifierReadout(n_perceptrons=1, random_state=seed).fit(Xtr, ytr)
        assert single.score(Xte, yte) <= 0.8          # one line gets 3 of 4 corners at best
        par = PDeltaClassifierReadout(n_perceptrons=5, random_state=seed).fit(Xtr, ytr)
        assert par.score(Xte, yte) >= 0.95


def test_multiclass_one_vs_rest():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 4, 400)
    X = 2.5 * rng.standard_normal((4, 6))[y] + rng.standard_normal((400, 6))
    Xtr, Xte, ytr, yte = split(X, y)
    m = PDeltaClassifierReadout(random_state=0).fit(Xtr, ytr)
    assert m.coef_.shape == (4, 7, 7) and m.decision_function(Xte).shape == (200, 4)
    assert m.score(Xte, yte) >= 0.85
    np.testing.assert_array_equal(m.predict(Xte), np.argmax(m.decision_function(Xte), axis=1))


def test_regression_linear_and_nonlinear_targets():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1.7, 1.7, (400, 1))
    y = 3 * np.sin(1.7 * X[:, 0]) + 1
    Xtr, Xte, ytr, yte = split(X, y)
    m = PDeltaReadout(random_state=0).fit(Xtr, ytr)
    assert m.score(Xte, yte) > 0.85
    pred = m.predict(Xte)
    assert pred.min() >= ytr.min() - 1e-12 and pred.max() <= ytr.max() + 1e-12
    X2 = rng.uniform(-1, 1, (400, 2))
    Y2 = np.c_[X2[:, 0] + 0.5 * X2[:, 1], -X2[:, 1]]
    Xtr, Xte, ytr, yte = split(X2, Y2)
    m2 = PDeltaReadout(random_state=0).fit(Xtr, ytr)
    assert m2.predict(Xte).shape == (200, 2) and m2.score(Xte, yte) > 0.75


def test_reproducible_with_the_seed():
    X, y = xor_data(200)
    a = PDeltaClassifierReadout(random_state=3).fit(X, y)
    b = PDeltaClassifierReadout(random_state=3).fit(X, y)
    c = PDeltaClassifierReadout(random_state=4).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not np.array_equal(a.coef_, c.coef_)
    r1 = PDeltaReadout(random_state=np.random.RandomState(0)).fit(X, y.astype(float))
    r2 = PDeltaReadout(random_state=np.random.RandomState(0)).fit(X, y.astype(float))
    np.testing.assert_array_equal(r1.coef_, r2.coef_)


def test_sklearn_integration():
    X, y = xor_data(150)
    m = PDeltaClassifierReadout(epochs=20, random_state=0)
    assert clone(m).get_params() == m.get_params()
    gs = GridSearchCV(make_pipeline(StandardScaler(), m),
                      {"pdeltaclassifierreadout__n_perceptrons": [1, 3]}, cv=3).fit(X, y)
    assert gs.best_params_["pdeltaclassifierreadout__n_perceptrons"] == 3


@pytest.mark.parametrize("kw, err", [
    ({"n_perceptrons": 0}, ValueError), ({"n_perceptrons": 2.5}, TypeError),
    ({"eta": -1.0}, ValueError), ({"epsilon": -0.1}, ValueError), ({"gamma": np.nan}, ValueError),
    ({"mu": "a"}, TypeError), ({"epochs": 0}, ValueError),
])
def test_bad_hyperparameters(kw, err):
    X, y = xor_data(20)
    with pytest.raises(err, match=next(iter(kw))):
        PDeltaClassifierReadout(**kw).fit(X, y)


def test_errors():
    X, y = xor_data(20)
    with pytest.raises(NotFittedError):
        PDeltaClassifierReadout().predict(X)
    with pytest.raises(ValueError, match="at least 2 classes"):
        PDeltaClassifierReadout().fit(X, np.ones(20))
    with pytest.raises(ValueError, match="rho"):
        PDeltaReadout(rho=0).fit(X, y.astype(float))
    Xn = X.copy()
    Xn[0, 0] = np.inf
    with pytest.raises(ValueError, match="X contains infinity"):
        PDeltaReadout().fit(Xn, y.astype(float))
