"""Ridge readouts: agreement with scikit-learn, GCV from statistics, streaming and merging."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import (LogisticRegressionCV, Ridge, RidgeClassifier,
                                  RidgeClassifierCV, RidgeCV)
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from liquidstate.readouts import (DEFAULT_ALPHAS, RidgeClassifierReadout, RidgeReadout,
                                  RidgeStatistics, logistic_readout, sum_statistics)

TIGHT = {"rtol": 1e-9, "atol": 1e-11}


def regression_data(n=300, p=12, t=None, seed=0, offset=0.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + offset
    X[:, 1] = 0.8 * X[:, 0] + 0.2 * X[:, 1]            # some collinearity
    w = rng.standard_normal((p,) if t is None else (p, t))
    y = X @ w + 3.0 + 0.5 * rng.standard_normal((n,) if t is None else (n, t))
    return X, y


def classification_data(n=300, p=8, k=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    centres = 1.5 * rng.standard_normal((k, p))
    return centres[y] + rng.standard_normal((n, p)), y


def brute_gcv(X, y, alpha, fit_intercept=True, w=None):
    """GCV from the dense hat matrix of the (weighted, centred) problem."""
    w = np.ones(len(X)) if w is None else w
    if fit_intercept:
        Xc = X - w @ X / w.sum()
        yc = y - w @ y / w.sum()
    else:
        Xc, yc = X, y
    sw = np.sqrt(w)
    A, b = Xc * sw[:, None], yc * sw
    H = A @ np.linalg.solve(A.T @ A + alpha * np.eye(X.shape[1]), A.T)
    rss = np.sum((b - H @ b) ** 2)
    W = w.sum()
    return W * rss / (W - np.trace(H) - fit_intercept) ** 2


# ---------------------------------------------------------------- agreement with scikit-learn
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [1e-3, 1.0, 100.0])
def test_matches_sklearn_ridge_for_a_given_alpha(alpha, fit_intercept):
    X, y = regression_data()
    ours = RidgeReadout(alphas=alpha, fit_intercept=fit_intercept).fit(X, y)
    ref = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, **TIGHT)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, **TIGHT)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), **TIGHT)
    assert ours.alpha_ == alpha


def test_matches_sklearn_ridge_multi_target_with_sample_weights():
    X, Y = regression_data(t=3, seed=1)
    w = np.random.default_rng(2).uniform(0, 3, len(X))
    ours = RidgeReadout(alphas=[0.5]).fit(X, Y, sample_weight=w)
    ref = Ridge(alpha=0.5).fit(X, Y, sample_weight=w)
    assert ours.coef_.shape == (3, 12) and ours.intercept_.shape == (3,)
    np.testing.assert_allclose(ours.coef_, ref.coef_, **TIGHT)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, **TIGHT)


def test_gcv_from_statistics_equals_dense_hat_matrix_gcv():
    X, y = regression_data(n=80, p=15, seed=3)
    w = np.random.default_rng(4).integers(0, 3, len(X)).astype(float)
    for fit_intercept in (True, False):
        r = RidgeReadout(fit_intercept=fit_intercept, selection="gcv").fit(X, y, sample_weight=w)
        assert r.selection_ == "gcv"
        dense = [brute_gcv(X, y, a, fit_intercept, w) for a in DEFAULT_ALPHAS]
        np.testing.assert_allclose(r.selection_errors_, dense, rtol=1e-7)
        assert r.alpha_ == DEFAULT_ALPHAS[int(np.argmin(dense))]
        ref = Ridge(alpha=r.alpha_, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
        np.testing.assert_allclose(r.coef_, ref.coef_, **TIGHT)


def test_alpha_choice_close_to_sklearn_ridgecv():
    # RidgeCV minimises the exact leave-one-out error, we minimise GCV: same or next alpha.
    grid = np.logspace(-3, 3, 13)
    for seed in range(3):
        X, y = regression_data(n=120, p=30, seed=seed)
        y = y + 4 * np.random.default_rng(seed).standard_normal(len(y))
        ours = RidgeReadout(alphas=grid, selection="gcv").fit(X, y)
        ref = RidgeCV(alphas=grid).fit(X, y)
        step = abs(np.log10(ours.alpha_ / ref.alpha_)) / 0.5
        assert step <= 1 + 1e-9, (ours.alpha_, ref.alpha_)
        np.testing.assert_allclose(ours.coef_, Ridge(alpha=ours.alpha_).fit(X, y).coef_,
                                   **TIGHT)


@pytest.mark.parametrize("cv", ["auto", "gcv"])
def test_alpha_per_target_equals_separate_fits(cv):
    X, Y = regression_data(t=3, seed=5)
    Y[:, 2] += 20 * np.random.default_rng(0).standard_normal(len(Y))   # a noisy target
    r = RidgeReadout(alpha_per_target=True, selection=cv).fit(X, Y)
    assert r.alpha_.shape == (3,) and r.selection_errors_.shape == (25, 3)
    for t in range(3):
        single = RidgeReadout(selection=cv).fit(X, Y[:, t])
        assert r.alpha_[t] == single.alpha_
        np.testing.assert_allclose(r.coef_[t], single.coef_, **TIGHT)
    shared = RidgeReadout(selection=cv).fit(X, Y)
    assert np.ndim(shared.alpha_) == 0
    assert shared.alpha_ == DEFAULT_ALPHAS[int(np.argmin(shared.selection_errors_.mean(axis=1)))]


@pytest.mark.parametrize("k", [2, 4])
@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 2.0, 1: 0.5}])
def test_classifier_matches_sklearn_ridge_classifier(k, class_weight):
    X, y = classification_data(k=k, seed=k)
    ours = RidgeClassifierReadout(alphas=[3.0], class_weight=class_weight).fit(X, y)
    ref = RidgeClassifier(alpha=3.0, class_weight=class_weight).fit(X, y)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    # coef_ is (1, n_features) for two classes, as LogisticRegression's (recent RidgeClassifier
    # versions give (n_features,)); the values agree.
    assert ours.coef_.shape == ((1, 8) if k == 2 else (k, 8))
    np.testing.assert_allclose(ours.coef_.reshape(np.shape(ref.coef_)), ref.coef_, **TIGHT)
    np.testing.assert_allclose(ours.intercept_.reshape(np.shape(ref.intercept_)),
                               ref.intercept_, **TIGHT)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), **TIGHT)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("cv", ["auto", "gcv"])
def test_classifier_string_labels_and_criterion(cv):
    X, y = classification_data(k=3)
    labels = np.array(["a", "b", "c"])[y]
    r = RidgeClassifierReadout(selection=cv).fit(X, labels)
    assert set(r.predict(X)) <= {"a", "b", "c"} and r.score(X, labels) > 0.8
    assert r.selection_ == ("loo" if cv == "auto" else "gcv")
    assert r.selection_errors_.shape == (25,)
    assert r.alpha_ == DEFAULT_ALPHAS[int(np.argmin(r.selection_errors_))]


# ---------------------------------------------------------------- leave-one-out in fit
def brute_loo(X, y, alpha, fit_intercept=True):
    """Mean squared error of n refits, each without one sample (unweighted)."""
    errors = []
    for i in range(len(X)):
        keep = np.arange(len(X)) != i
        m = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X[keep], y[keep])
        errors.append(np.mean((m.predict(X[i:i + 1]) - y[i:i + 1]) ** 2))
    return float(np.mean(errors))


@pytest.mark.parametrize("n, p", [(25, 60), (60, 8)])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_leave_one_out_equals_refitting_without_each_sample(n, p, fit_intercept):
    X, y = regression_data(n=n, p=p, seed=n, offset=0.5)
    grid = [0.01, 1.0, 100.0]
    r = RidgeReadout(alphas=grid, fit_intercept=fit_intercept).fit(X, y)
    assert r.selection_ == "loo"
    brute = [brute_loo(X, y, a, fit_intercept) for a in grid]
    np.testing.assert_allclose(r.selection_errors_, brute, rtol=1e-8)


GRID = np.logspace(-4, 4, 17)


@pytest.mark.parametrize("n, p", [(40, 200), (200, 20), (50, 50)])   # gram, covariance, n = p
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_fit_matches_sklearn_ridgecv(n, p, fit_intercept):
    # (unit weights: with other weights scikit-learn's leave-one-out is not that of repeated
    # samples, ours is; see test_leave_one_out_weights_are_frequencies)
    rng = np.random.default_rng(n + p)
    X = rng.standard_normal((n, p)) + 0.5
    Y = X[:, :5] @ rng.standard_normal((5, 3)) + 2.0 * rng.standard_normal((n, 3))
    w = None
    for y, per_target in ((Y[:, 0], False), (Y, False), (Y, True)):
        ours = RidgeReadout(alphas=GRID, fit_intercept=fit_intercept,
                            alpha_per_target=per_target).fit(X, y, sample_weight=w)
        ref = RidgeCV(alphas=GRID, fit_intercept=fit_intercept,
                      alpha_per_target=per_target).fit(X, y, sample_weight=w)
        np.testing.assert_array_equal(ours.alpha_, ref.alpha_)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
        if not per_target:
            best = ours.selection_errors_[np.flatnonzero(GRID == ours.alpha_)[0]]
            assert -np.mean(best) == pytest.approx(ref.best_score_, rel=1e-8)


@pytest.mark.parametrize("n, p, k", [(60, 300, 3), (300, 30, 4), (80, 100, 2), (100, 80, 2)])
@pytest.mark.parametrize("class_weight", [None, {0: 1.0, 1: 2.0, 2: 3.0, 3: 1.0}])
def test_classifier_fit_matches_sklearn_ridgeclassifiercv(n, p, k, class_weight):
    # integer class weights: leaving one unit of weight out leaves out the sample for
    # scikit-learn too only when its weight is 1, so compare the solution at its alpha
    if class_weight is not None:
        class_weight = {c: w for c, w in class_weight.items() if c < k}
    rng = np.random.default_rng(n + k)
    y = rng.integers(0, k, n)
    X = 0.3 * rng.standard_normal((k, p))[y] + rng.standard_normal((n, p))
    ours = RidgeClassifierReadout(alphas=GRID, class_weight=class_weight).fit(X, y)
    ref = RidgeClassifierCV(alphas=GRID, class_weight=class_weight).fit(X, y)
    if class_weight is not None:
        ref = RidgeClassifier(alpha=ours.alpha_, class_weight=class_weight).fit(X, y)
    else:
        assert ours.alpha_ == ref.alpha_
    np.testing.assert_allclose(ours.coef_.reshape(np.shape(ref.coef_)), ref.coef_,
                               rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_.reshape(np.shape(ref.intercept_)),
                               ref.intercept_, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("n, p", [(40, 200), (200, 20), (60, 60)])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_leave_one_out_dual_and_primal_forms_agree(n, p, fit_intercept, weighted):
    # fit uses the dual (n x n Gram) form when n <= p, the primal (p x p) one otherwise;
    # either form on either shape gives the same criterion, alpha and coefficients.
    from liquidstate.readouts.linear import solve_ridge_loo

    rng = np.random.default_rng(n + p)
    X = rng.standard_normal((n, p)) + 0.5
    Y = X[:, :5] @ rng.standard_normal((5, 3)) + 2.0 * rng.standard_normal((n, 3))
    w = rng.uniform(0, 3, n) if weighted else np.ones(n)
    for per_target in (False, True):
        dual = solve_ridge_loo(X, Y, w, GRID, fit_intercept, per_target, form="dual")
        primal = solve_ridge_loo(X, Y, w, GRID, fit_intercept, per_target, form="primal")
        np.testing.assert_array_equal(dual["alpha"], primal["alpha"])
        np.testing.assert_allclose(dual["errors"], primal["errors"], rtol=1e-7)
        scale = np.abs(primal["coef"]).max()
        np.testing.assert_allclose(dual["coef"], primal["coef"], rtol=1e-7, atol=1e-8 * scale)
        np.testing.assert_allclose(dual["intercept"], primal["intercept"], rtol=1e-7,
                                   atol=1e-8 * scale)
    with pytest.raises(ValueError, match="form must be"):
        solve_ridge_loo(X, Y, w, GRID, fit_intercept, False, form="gram")


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_dual_fit_does_not_form_the_feature_statistics_until_asked(monkeypatch, fit_intercept):
    X, y = classification_data(n=50, p=150, k=3, seed=1)
    w = np.random.default_rng(0).uniform(0, 2, 50)
    Y = np.where(y[:, None] == np.arange(3), 1.0, -1.0)
    expected = RidgeStatistics.from_data(X, Y, w)

    def refuse(*args, **kwargs):
        raise AssertionError("fit with n < p built the p x p statistics")

    monkeypatch.setattr(RidgeStatistics, "from_data", refuse)
    r = RidgeClassifierReadout(alphas=GRID, fit_intercept=fit_intercept).fit(
        X, y, sample_weight=w)
    monkeypatch.undo()
    ref = RidgeClassifier(alpha=r.alpha_, fit_intercept=fit_intercept).fit(X, y,
                                                                           sample_weight=w)
    np.testing.assert_allclose(r.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    # built on first access, equal to the statistics of the data; pickling keeps them
    import pickle
    for readout in (r, pickle.loads(pickle.dumps(r))):
        stats = readout.statistics_
        assert stats.n_samples == 50 and stats.weight == pytest.approx(w.sum(), rel=1e-14)
        for name in ("mean_x", "mean_y", "cxx", "cxy", "cyy"):
            np.testing.assert_allclose(getattr(stats, name), getattr(expected, name),
                                       rtol=1e-10, atol=1e-10, err_msg=name)
        assert readout.statistics_ is stats                  # computed once
    # ... so streaming after a dual fit equals streaming after the same fit with GCV
    after = clone(r).fit(X, y, sample_weight=w).partial_fit(X[:7], y[:7])
    gcv = RidgeClassifierReadout(alphas=GRID, fit_intercept=fit_intercept, selection="gcv")
    gcv.fit(X, y, sample_weight=w).partial_fit(X[:7], y[:7])
    assert after.alpha_ == gcv.alpha_ and after.statistics_.n_samples == 57
    # (statistics equal at round-off; GCV's p x p solve of rank-deficient C_xx amplifies it)
    scale = np.abs(gcv.coef_).max()
    np.testing.assert_allclose(after.coef_, gcv.coef_, rtol=1e-5, atol=1e-5 * scale)
    assert not hasattr(RidgeClassifierReadout(), "statistics_")


def test_large_dual_fit_matches_sklearn_ridgeclassifiercv():
    # the shape of a speech run (far more features than samples), scaled down
    rng = np.random.default_rng(11)
    n, p, k = 300, 2000, 10
    y = rng.integers(0, k, n)
    X = StandardScaler().fit_transform(0.05 * rng.standard_normal((k, p))[y]
                                       + rng.standard_normal((n, p)))
    ours = RidgeClassifierReadout().fit(X, y)
    ref = RidgeClassifierCV(alphas=DEFAULT_ALPHAS).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-12)


def test_cv_modes_and_their_methods():
    X, y = classification_data(n=90, p=120, k=3)           # more features than samples
    auto = RidgeClassifierReadout().fit(X, y)
    assert auto.selection_ == "loo"
    gcv = RidgeClassifierReadout(selection="gcv").fit(X, y)
    assert gcv.selection_ == "gcv"
    loo = RidgeClassifierReadout(selection="loo").fit(X, y)
    assert loo.alpha_ == auto.alpha_ and loo.selection_ == "loo"
    # streaming has only the statistics: 'auto' falls back to GCV, 'loo' refuses
    auto.partial_fit(X[:10], y[:10])
    assert auto.selection_ == "gcv" and auto.statistics_.n_samples == 100
    for call in (lambda r: r.partial_fit(X[:10], y[:10]),
                 lambda r: r.fit_statistics(gcv.statistics_, classes=[0, 1, 2]),
                 lambda r: r.merge(gcv)):
        with pytest.raises(ValueError, match="selection='loo' needs all the data"):
            call(loo)
    assert loo.statistics_.n_samples == 90                   # unchanged by the refusals
    with pytest.raises(ValueError, match="partial_fit"):
        RidgeReadout(selection="loo").partial_fit(X, y)
    for bad in ("LOO", "cv", 5, None):
        with pytest.raises(ValueError, match="selection must be one of"):
            RidgeReadout(selection=bad).fit(X, y)


def test_gcv_treats_sample_weights_as_frequencies():
    rng = np.random.default_rng(42)
    X, y = rng.random((15, 30)), rng.integers(0, 3, 15)
    sw = rng.integers(0, 5, 15)
    for est in (RidgeReadout(selection="gcv"), RidgeClassifierReadout(selection="gcv"),
                RidgeClassifierReadout(alphas=0.5)):
        weighted = clone(est).fit(X, y, sample_weight=sw)
        repeated = clone(est).fit(X.repeat(sw, axis=0), y.repeat(sw))
        assert weighted.alpha_ == repeated.alpha_
        np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-6, atol=1e-8)


def test_leave_one_out_with_too_few_samples():
    X, y = regression_data(n=3, p=4)
    one = RidgeReadout(alphas=[0.1, 10.0]).fit(X[:1], y[:1])      # undefined: largest alpha
    assert one.alpha_ == 10.0 and np.all(np.isinf(one.selection_errors_))
    assert np.isfinite(RidgeReadout().fit(X[:2], y[:2]).coef_).all()
    zero_w = RidgeReadout(alphas=[0.1, 10.0]).fit(X, y, sample_weight=[1.0, 0.0, 0.0])
    assert zero_w.alpha_ == 10.0


# ---------------------------------------------------------------- streaming and merging
def test_partial_fit_over_chunks_equals_fit():
    X, y = regression_data(n=500)
    whole = RidgeReadout(selection="gcv").fit(X, y)          # streaming chooses alpha by GCV
    stream = RidgeReadout()
    for i in range(0, 500, 37):
        stream.partial_fit(X[i:i + 37], y[i:i + 37])
    assert stream.statistics_.n_samples == 500
    assert stream.alpha_ == whole.alpha_
    np.testing.assert_allclose(stream.coef_, whole.coef_, **TIGHT)
    np.testing.assert_allclose(stream.selection_errors_, whole.selection_errors_, rtol=1e-9)
    assert stream.selection_ == "gcv"
    # one row at a time too
    rows = RidgeReadout(alphas=[1.0])
    for i in range(60):
        rows.partial_fit(X[i:i + 1], y[i:i + 1])
    np.testing.assert_allclose(rows.coef_, Ridge(alpha=1.0).fit(X[:60], y[:60]).coef_, **TIGHT)


def test_workers_merge_and_sum_statistics_equal_fit():
    X, y = classification_data(n=600, k=3)
    whole = RidgeClassifierReadout(selection="gcv").fit(X, y)
    parts = np.array_split(np.arange(600), 4)
    workers = [RidgeClassifierReadout().partial_fit(X[p], y[p], classes=[0, 1, 2])
               for p in parts]
    merged = clone(workers[0]).partial_fit(X[parts[0]], y[parts[0]], classes=[0, 1, 2])
    merged.merge(*workers[1:])
    np.testing.assert_allclose(merged.coef_, whole.coef_, **TIGHT)
    stats = sum_statistics(workers)
    refit = RidgeClassifierReadout().fit_statistics(stats, classes=[0, 1, 2])
    np.testing.assert_allclose(refit.coef_, whole.coef_, **TIGHT)
    np.testing.assert_array_equal(refit.predict(X), whole.predict(X))

    Xr, yr = regression_data(n=400, t=2)
    stats = sum_statistics(RidgeStatistics.from_data(Xr[i::3], yr[i::3]) for i in range(3))
    r = RidgeReadout().fit_statistics(stats)
    np.testing.assert_allclose(r.coef_, RidgeReadout(selection="gcv").fit(Xr, yr).coef_, **TIGHT)
    assert r.n_features_in_ == 12


def test_statistics_are_stable_with_large_feature_offsets():
    X, y = regression_data(n=400, offset=1e6)
    stream = RidgeReadout(alphas=[1.0])
    for i in range(0, 400, 50):
        stream.partial_fit(X[i:i + 50], y[i:i + 50])
    ref = Ridge(alpha=1.0).fit(X, y)
    np.testing.assert_allclose(stream.coef_, ref.coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(stream.predict(X), ref.predict(X), rtol=1e-9)


def test_uncentred_views_of_the_statistics():
    X, y = regression_data(n=50, p=4)
    w = np.arange(50.0) % 3
    s = RidgeStatistics.from_data(X, y, w)
    np.testing.assert_allclose(s.xtx, (X * w[:, None]).T @ X, rtol=1e-12)
    np.testing.assert_allclose(s.xty[:, 0], (X * w[:, None]).T @ y, rtol=1e-12)
    np.testing.assert_allclose(s.yty, [w @ y ** 2], rtol=1e-12)
    np.testing.assert_allclose(s.sum_x, w @ X, rtol=1e-12)
    assert s.weight == w.sum() and s.n_samples == 50


# ---------------------------------------------------------------- scikit-learn integration
def test_clone_pipeline_gridsearch_cross_val():
    X, y = classification_data(n=200, k=2)
    r = RidgeClassifierReadout(alphas=(0.1, 1.0), class_weight="balanced")
    assert clone(r).get_params() == r.get_params()
    pipe = make_pipeline(StandardScaler(), r)
    gs = GridSearchCV(pipe, {"ridgeclassifierreadout__fit_intercept": [True, False]}, cv=3)
    gs.fit(X, y)
    assert gs.best_score_ > 0.8
    assert cross_val_score(RidgeReadout(), *regression_data(n=120), cv=3).min() > 0.8


def test_logistic_readout_is_a_configured_sklearn_estimator():
    est = logistic_readout(Cs=4, cv=3)
    assert isinstance(est, LogisticRegressionCV) and est.Cs == 4 and est.max_iter == 1000
    assert est.scoring in (None, "accuracy")
    X, y = classification_data(n=150, k=3)
    assert make_pipeline(StandardScaler(), est).fit(X, y).score(X, y) > 0.8


# ---------------------------------------------------------------- errors
def test_errors_name_the_problem():
    X, y = regression_data(n=30, p=3)
    with pytest.raises(NotFittedError):
        RidgeReadout().predict(X)
    with pytest.raises(NotFittedError):
        RidgeClassifierReadout().decision_function(X)
    Xn = X.copy()
    Xn[3, 1] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        RidgeReadout().fit(Xn, y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        RidgeReadout().fit(X, y[:-1])
    r = RidgeReadout().fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features"):
        r.predict(X[:, :2])
    with pytest.raises(ValueError, match="X has 2 features"):
        r.partial_fit(X[:, :2], y)
    with pytest.raises(ValueError, match="y has 2 targets"):
        r.partial_fit(X, np.c_[y, y])
    with pytest.raises(ValueError, match=r"alphas\[1\] must be finite and > 0"):
        RidgeReadout(alphas=[1.0, 0.0]).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight must have shape"):
        RidgeReadout().fit(X, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match="sample_weight must be >= 0"):
        RidgeReadout().fit(X, y, sample_weight=-np.ones(30))
    with pytest.raises(ValueError, match="weights sum to zero"):
        RidgeReadout().fit(X, y, sample_weight=np.zeros(30))


def test_classifier_errors():
    X, y = classification_data(n=60, k=3)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        RidgeClassifierReadout().partial_fit(X, y)
    with pytest.raises(ValueError, match="not available in partial_fit"):
        RidgeClassifierReadout(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match=r"labels not in classes \[0, 1\]"):
        RidgeClassifierReadout().partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match="at least 2 classes"):
        RidgeClassifierReadout().fit(X, np.zeros(60))
    with pytest.raises(ValueError, match="Unknown label type"):
        RidgeClassifierReadout().fit(X, np.linspace(0, 1, 60))
    a = RidgeClassifierReadout().fit(X, y)
    b = RidgeClassifierReadout().fit(X[y < 2], y[y < 2])
    with pytest.raises(ValueError, match="different classes"):
        a.merge(b)
    with pytest.raises(TypeError, match="can only merge"):
        a.merge(RidgeReadout().fit(X, y))
    with pytest.raises(ValueError, match="statistics have 3 targets"):
        RidgeClassifierReadout().fit_statistics(a.statistics_, classes=[0, 1])


# ---------------------------------------------------------------- weights, K-fold, scaling
@pytest.mark.parametrize("n, p", [(20, 45), (60, 8)])                # dual, primal
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_leave_one_out_weights_are_frequencies(n, p, fit_intercept):
    X, Y = regression_data(n=n, p=p, t=2, seed=3, offset=0.3)
    sw = np.random.default_rng(1).integers(0, 4, n)
    grid = np.logspace(-3, 3, 13)
    weighted = RidgeReadout(alphas=grid, fit_intercept=fit_intercept).fit(X, Y,
                                                                         sample_weight=sw)
    repeated = RidgeReadout(alphas=grid, fit_intercept=fit_intercept).fit(
        X.repeat(sw, axis=0), Y.repeat(sw, axis=0))
    np.testing.assert_allclose(weighted.selection_errors_, repeated.selection_errors_,
                               rtol=1e-7)
    assert weighted.alpha_ == repeated.alpha_
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-7, atol=1e-9)


def brute_kfold(X, Y, groups, n_folds, alpha, fit_intercept, scale):
    """Mean over folds of the validation MSE of refits (fold = sorted group rank % K)."""
    fold = np.unique(groups, return_inverse=True)[1].ravel() % n_folds
    errs = []
    for k in range(n_folds):
        tr, va = fold != k, fold == k
        model = Ridge(alpha=alpha, fit_intercept=fit_intercept)
        if scale:
            model = make_pipeline(StandardScaler(with_mean=fit_intercept), model)
        model.fit(X[tr], Y[tr])
        errs.append(np.mean((model.predict(X[va]) - Y[va]) ** 2, axis=0))
    return np.mean(errs, axis=0)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("standardize", [False, True])
def test_grouped_kfold_equals_refitting_on_folds(fit_intercept, standardize):
    rng = np.random.default_rng(5)
    X, Y = regression_data(n=120, p=10, t=3, seed=5, offset=1.0)
    X *= rng.uniform(0.1, 10.0, 10)                       # scales that standardising undoes
    groups = np.repeat(rng.permutation(24) * 7 + 3, 5)    # 24 runs of 5 steps, odd labels
    grid = np.logspace(-3, 3, 7)
    r = RidgeReadout(alphas=grid, fit_intercept=fit_intercept, alpha_per_target=True,
                     standardize=standardize, n_folds=4).fit(X, Y, groups=groups)
    assert r.selection_ == "kfold"
    brute = np.array([brute_kfold(X, Y, groups, 4, a, fit_intercept, standardize)
                      for a in grid])
    np.testing.assert_allclose(r.selection_errors_, brute, rtol=1e-7)
    np.testing.assert_array_equal(r.alpha_, grid[np.argmin(brute, axis=0)])
    ref = Ridge(alpha=r.alpha_[0], fit_intercept=fit_intercept)
    if standardize:
        ref = make_pipeline(StandardScaler(with_mean=fit_intercept), ref)
    np.testing.assert_allclose(r.predict(X)[:, 0], ref.fit(X, Y[:, 0]).predict(X),
                               rtol=1e-7, atol=1e-8)


def test_kfold_one_standard_error_rule_and_its_errors():
    X, y = regression_data(n=90, p=30, seed=2)
    groups = np.arange(90) // 3
    base = RidgeReadout(alphas=np.logspace(-3, 4, 15), n_folds=5)
    low = clone(base).fit(X, y, groups=groups)
    high = clone(base).set_params(alpha_rule="1se").fit(X, y, groups=groups)
    assert high.alpha_ >= low.alpha_
    # a sample per group: plain K-fold, as selection="kfold" without groups
    plain = clone(base).set_params(selection="kfold").fit(X, y)
    same = clone(base).fit(X, y, groups=np.arange(90))
    np.testing.assert_allclose(plain.selection_errors_, same.selection_errors_, rtol=1e-12)
    with pytest.raises(ValueError, match="needs all the data"):
        clone(base).set_params(selection="kfold").partial_fit(X, y)
    with pytest.raises(ValueError, match="groups select alpha by grouped K-fold"):
        clone(base).set_params(selection="loo").fit(X, y, groups=groups)
    with pytest.raises(ValueError, match="at least 5 groups"):
        clone(base).fit(X, y, groups=np.arange(90) % 3)
    with pytest.raises(ValueError, match="groups must have shape"):
        clone(base).fit(X, y, groups=groups[:5])
    for bad, err in ((1, ValueError), (2.5, TypeError), (True, TypeError)):
        with pytest.raises(err, match="n_folds must be an int >= 2"):
            clone(base).set_params(n_folds=bad).fit(X, y)
    with pytest.raises(ValueError, match="alpha_rule must be one of"):
        clone(base).set_params(alpha_rule="max").fit(X, y)


@pytest.mark.parametrize("n, p", [(40, 120), (150, 12)])
def test_standardize_equals_a_standard_scaler_in_front(n, p):
    X, y = classification_data(n=n, p=p, k=3, seed=4)
    X = X * np.random.default_rng(0).uniform(0.01, 100.0, p)
    X[:, 0] = 2.0                                          # a constant feature
    ours = RidgeClassifierReadout(standardize=True).fit(X, y)
    ref = make_pipeline(StandardScaler(), RidgeClassifierCV(alphas=DEFAULT_ALPHAS)).fit(X, y)
    assert ours.alpha_ == ref[-1].alpha_
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                               rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(ours.scale_, ref[0].scale_, rtol=1e-10)
    # the statistics stay those of the raw features, so streaming and merging carry on
    raw = RidgeStatistics.from_data(X, np.where(y[:, None] == np.arange(3), 1.0, -1.0))
    np.testing.assert_allclose(ours.statistics_.cxx, raw.cxx, rtol=1e-9, atol=1e-6)



@pytest.mark.parametrize("selection", ["loo", "kfold", "gcv"])
def test_standardize_leaves_a_feature_silent_in_training_unscaled(selection):
    # a neuron silent through the training steps keeps only the decaying tail of an earlier
    # spike there: an SD above 10 eps but ~1e-10 of the real feature's. Divided by that SD,
    # its test values (it fires again) would be multiplied by ~1e10 and swamp the prediction.
    rng = np.random.default_rng(0)
    n_tr, n_te = 500, 100
    signal = rng.normal(3.0, 2.0, n_tr + n_te)
    y = 0.5 * signal + rng.normal(0.0, 0.1, n_tr + n_te)
    tail = np.concatenate([1e-8 * np.exp(-np.arange(n_tr) / 20.0), np.ones(n_te)])
    X = np.column_stack([signal, tail])
    ro = RidgeReadout(standardize=True, selection=selection).fit(X[:n_tr], y[:n_tr])
    assert 10 * np.finfo(float).eps < tail[:n_tr].std() < 1e-6 * signal[:n_tr].std()
    assert ro.scale_[1] == 1.0
    assert ro.scale_[0] == pytest.approx(signal[:n_tr].std(), rel=1e-10)
    P = ro.predict(X[n_tr:])
    assert np.sqrt(np.mean((P - y[n_tr:]) ** 2)) < 0.2
    # close to the readout without it: unscaled, its coefficient is about (tail . residual)
    # / alpha, tiny but not zero (the alpha K-fold picks here leaves a shift of ~1e-4)
    alone = RidgeReadout(standardize=True, selection=selection).fit(X[:n_tr, :1], y[:n_tr])
    np.testing.assert_allclose(P, alone.predict(X[n_tr:, :1]), atol=1e-3)
    # a feature at 1e-6 of the largest SD counts as nearly constant, one above as real
    Z = np.column_stack([signal, signal * 1.1e-6])
    assert RidgeReadout(standardize=True).fit(Z, y).scale_[1] == pytest.approx(
        1.1e-6 * signal.std(), rel=1e-8)
    Z[:, 1] = signal * 0.9e-6
    assert RidgeReadout(standardize=True).fit(Z, y).scale_[1] == 1.0

# ---------------------------------------------------------------- streaming = fit (hypothesis)
from hypothesis import given, settings                       # noqa: E402
from hypothesis import strategies as st                      # noqa: E402

from liquidstate.readouts import RLSReadout                  # noqa: E402


def _cuts(n, fractions):
    cuts = sorted({int(f * n) for f in fractions} - {0, n})
    return np.split(np.arange(n), cuts)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**16), n=st.integers(8, 80), p=st.integers(1, 12),
       fractions=st.lists(st.floats(0, 1), max_size=6), standardize=st.booleans(),
       fit_intercept=st.booleans())
def test_partial_fit_over_chunks_equals_fit_property(seed, n, p, fractions, standardize,
                                                     fit_intercept):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3.0, p) + rng.standard_normal(p)
    y = X @ rng.standard_normal(p) + 0.3 * rng.standard_normal(n)
    labels = np.where(y > np.median(y), "b", "a")
    chunks = _cuts(n, fractions)
    kw = dict(selection="gcv", standardize=standardize, fit_intercept=fit_intercept)
    for whole, stream, target, extra in (
            (RidgeReadout(**kw), RidgeReadout(**kw), y, {}),
            (RidgeClassifierReadout(**kw), RidgeClassifierReadout(**kw), labels,
             {"classes": ["a", "b"]}),
            (RLSReadout(fit_intercept=fit_intercept), RLSReadout(fit_intercept=fit_intercept),
             y, {})):
        whole.fit(X, target)
        for idx in chunks:
            stream.partial_fit(X[idx], target[idx], **extra)
        if hasattr(whole, "alpha_"):
            assert stream.alpha_ == whole.alpha_
        scale = 1.0 + np.abs(whole.coef_).max()
        np.testing.assert_allclose(stream.coef_, whole.coef_, rtol=1e-6, atol=1e-7 * scale)
        np.testing.assert_allclose(stream.predict(X) if target is y else
                                   stream.decision_function(X),
                                   whole.predict(X) if target is y else
                                   whole.decision_function(X),
                                   rtol=1e-6, atol=1e-6 * (1 + np.abs(y).max()))
