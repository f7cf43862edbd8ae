r"""Ridge readouts from accumulated sufficient statistics; the penalty chosen by exact
leave-one-out cross-validation when the data are at hand, by GCV when they stream.

The readouts accumulate, sample by sample or chunk by chunk, the weighted sufficient
statistics of ridge regression (:class:`RidgeStatistics`):

    W = sum_i w_i,   mean_x = sum_i w_i x_i / W,   mean_y = sum_i w_i y_i / W,
    C_xx = sum_i w_i (x_i - mean_x)(x_i - mean_x)^T,
    C_xy = sum_i w_i (x_i - mean_x)(y_i - mean_y)^T,
    c_yy = sum_i w_i (y_i - mean_y)^2  (per target),

which carry the same information as ``X^T X``, ``X^T y``, the sums, ``y^T y`` and ``n`` but are
numerically stable (statistics of two batches are combined with the pairwise update of Chan,
Golub & LeVeque 1979, so the order and chunking of the data change results only at round-off).
Statistics from several workers add up exactly (:func:`sum_statistics`, :meth:`merge`).

**Solution.** With an intercept the problem is centred (the intercept is not penalised):

    coef(alpha) = (C_xx + alpha I)^{-1} C_xy,    intercept = mean_y - coef^T mean_x;

without one, ``C_xx``, ``C_xy``, ``c_yy`` are replaced by the raw ``X^T W X``, ``X^T W y``,
``y^T W y``. This is exactly scikit-learn's ``Ridge(alpha)`` (and ``RidgeClassifier``).

**Choice of alpha** among ``alphas``, by one of three criteria (the ``selection``
parameter):

*Exact efficient leave-one-out* (``selection="loo"``; what ``fit`` uses by default). It needs
each sample's leverage, hence the data themselves, which ``fit`` has. With ``A = sqrt(w) (X -
mean_x)`` and ``B = sqrt(w) (Y - mean_y)`` (uncentred without an intercept), the residuals
``R = B - A coef`` and the leverages ``H_ii`` of every alpha come from one decomposition:

- ``n <= p`` (the dual form): ``A A^T = U diag(s) U^T`` (``n x n``), ``c = U diag(1/(s +
  alpha)) U^T B``, ``d = diag(U diag(1/(s + alpha)) U^T)``, ``R = alpha c``, ``1 - H_ii =
  alpha d_i`` (Rifkin & Lippert 2007), coefficients ``coef^T = A^T c`` at the chosen alpha.
  With an intercept the direction ``sqrt(w)`` (the unpenalised intercept column, orthogonal
  to the centred ``A``) is left out of ``U``, which gives the leverages of the model with its
  intercept without subtracting nearly equal numbers. The ``p x p`` statistics are not formed
  (with 10,000 features: 800 MB and most of the time); ``statistics_`` is built from the
  centred data, which the readout keeps (``n x p``), when first used (``partial_fit``,
  ``merge``);
- ``n > p``: ``C = A^T A = V diag(s) V^T`` (``p x p``, the statistics' ``C_xx``), hat matrix
  ``H_ii = sum_j (A V)_ij^2 / (s_j + alpha) + w_i / W`` (the last term for the intercept);

and the leave-one-out error is

    LOO(alpha) = (1 / W) sum_i ( R_i / (1 - q_i H_ii) )^2,   q_i = 1 / max(w_i, 1),

averaged over the targets unless ``alpha_per_target``. Weights are frequency weights here
too: a sample of integer weight ``k`` counts as ``k`` copies, each left out in turn (removing
one unit of weight, by the Sherman-Morrison formula), so weighting equals repeating samples;
a weight below 1 is left out whole. With unit weights this is the mean squared
leave-one-out residual, scikit-learn's ``RidgeCV`` / ``RidgeClassifierCV`` with their
default ``cv=None, gcv_mode=None``: the same alpha and coefficients.

*Grouped K-fold cross-validation* (``selection="kfold"``, or ``fit(X, y, groups=...)``). When
samples come in correlated groups (the time steps of one run), leaving one sample out lets
its neighbours stand in for it and favours too small a penalty; folds of whole groups do not.
Group ``g`` (in sorted order of the distinct labels) lies in fold ``g mod n_folds``; without
``groups`` every sample is its own group. From the statistics of each fold: for fold ``k``
the statistics of the other folds give ``coef_k(alpha)`` (one eigendecomposition per fold
serves every alpha), and the fold's own statistics give its weighted mean squared error
about the training means without another pass over the data,

    SSE_k = S_yy - 2 tr(coef^T S_xy) + tr(coef^T S_xx coef),
    S_xx = C_xx^(k) + W_k (m_x^(k) - mu)(m_x^(k) - mu)^T   (S_xy, S_yy alike),

``mu`` the training means (zero without an intercept). ``CV(alpha)`` is the mean over folds
of ``SSE_k / W_k``. ``alpha_rule="min"`` takes the alpha of the smallest ``CV``;
``alpha_rule="1se"`` the largest alpha whose ``CV`` lies within one standard error (over the
folds) of the smallest (Hastie, Tibshirani & Friedman, The Elements of Statistical Learning,
7.10).

*Generalised cross-validation* (``selection="gcv"``), from the statistics alone: with the
eigendecomposition ``C_xx = V diag(s) V^T`` and ``b = V^T C_xy``,

    RSS(alpha)  = c_yy - sum_j b_j^2 (s_j + 2 alpha) / (s_j + alpha)^2,
    tr H(alpha) = sum_j s_j / (s_j + alpha),
    GCV(alpha)  = W RSS(alpha) / (W - tr H(alpha) - [fit_intercept])^2,

one ``O(p^3)`` decomposition for the whole grid. ``GCV = inf`` where the denominator is
``<= 0``; when every alpha has ``GCV = inf`` (fewer than 2 samples) the largest alpha is used.
GCV is the rotation-invariant version of leave-one-out (Golub, Heath & Wahba 1979); it streams
(``partial_fit``, ``fit_statistics``, ``merge``: the data are gone, only the statistics are
left).

Why not GCV everywhere: when the features are about as many as the samples or more (``p >=
n``, e.g. 1,000 liquid neurons and a few hundred training runs), GCV is unreliable: as
``alpha -> 0`` the fit interpolates: ``RSS`` and ``W - tr H - 1`` both go to zero and GCV
tends to a finite limit that can lie below its value at every sensible penalty, so GCV picks
almost no penalty, while the leave-one-out error of an interpolating fit grows without bound.
With ``p << n`` the two agree closely. So ``selection="auto"`` (the default) uses grouped
K-fold when ``fit`` is given ``groups``, leave-one-out in ``fit`` otherwise, and GCV where only
statistics exist; ``"loo"`` and ``"kfold"`` refuse the streaming methods; ``"gcv"`` uses GCV
everywhere (``fit`` then gives the same result as streaming the data).

**Sample weights** are frequency weights for the solution and for every criterion (weight 2
= the sample twice; weight 0 = absent), as in scikit-learn; ``W`` above is their sum.

**Standardisation** (``standardize=True``). The penalty ``alpha ||coef||^2`` depends on the
features' scales. With ``standardize=True`` each feature is divided by its weighted SD
``sd_j = sqrt(C_xx[j, j] / W)`` over the training data before the penalty applies; ``coef_``
is returned in the units of the raw features. A feature that is (nearly) constant in the
training data is left unscaled (``sd_j = 1``, as scikit-learn's ``StandardScaler`` does for a
constant feature): one whose SD is below ``10 eps`` or at most ``1e-6`` times the largest
feature's SD. The relative rule is there for liquid states: a neuron silent through the
training data keeps there only the decaying tail of a spike before it (a slow filter leaves
``1e-9`` after a few seconds), an SD above ``10 eps`` but far below any real feature's, and
dividing by it would multiply the neuron's test values by as much when it fires again.
Features whose real scales differ by more than ``1e6`` (amperes beside counts) should
therefore be brought to comparable units first. Short of that rule, with an intercept this
is exactly ``make_pipeline(StandardScaler(), readout)``, computed from the statistics, so it
streams and merges; the SDs are those of all the data seen, and in K-fold those of each
fold's training part. Liquid states filtered with
one ``tau`` share a unit, and a nearly silent neuron gets a large scaled value when it fires:
leave ``standardize=False`` there when the scale carries meaning.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._validation import boolean, integer, positive_floats
from ._validation import check_sample_weight, validate_data

__all__ = ["RidgeStatistics", "sum_statistics", "RidgeReadout", "RidgeClassifierReadout",
           "logistic_readout", "DEFAULT_ALPHAS", "SELECTIONS", "ALPHA_RULES"]

# standardize=True leaves a feature unscaled when its SD is at most this fraction of the
# largest SD (a neuron silent in training; see the module docstring and feature_scale).
_NEAR_CONSTANT = 1e-6

#: The one regularisation grid of the project: 25 penalties log-spaced from 1e-6 to 1e6, half
#: a decade apart. Every ridge readout, estimator and experiment searches it unless told
#: otherwise; it spans the penalties of standardised features (about 1 to 1e4 for hundreds of
#: samples) and of raw filtered spike counts alike.
DEFAULT_ALPHAS = tuple(float(a) for a in np.logspace(-6, 6, 25))


# ============================================================================ statistics
@dataclass(frozen=True, eq=False)
class RidgeStatistics:
    """Weighted sufficient statistics of ridge regression (see the module docstring).

    Attributes
    ----------
    weight : float
        ``W``, the sum of the sample weights (the number of samples without weights).
    n_samples : int
        The number of rows seen (including rows of weight 0).
    mean_x : ndarray (n_features,)
    mean_y : ndarray (n_targets,)
    cxx : ndarray (n_features, n_features)
        Weighted centred ``X^T X``.
    cxy : ndarray (n_features, n_targets)
        Weighted centred ``X^T Y``.
    cyy : ndarray (n_targets,)
        Weighted centred sum of squares of each target.
    """

    weight: float
    n_samples: int
    mean_x: np.ndarray
    mean_y: np.ndarray
    cxx: np.ndarray
    cxy: np.ndarray
    cyy: np.ndarray

    @classmethod
    def empty(cls, n_features: int, n_targets: int) -> RidgeStatistics:
        """Statistics of no data (the neutral element of :meth:`merge`)."""
        return cls(0.0, 0, np.zeros(n_features), np.zeros(n_targets),
                   np.zeros((n_features, n_features)), np.zeros((n_features, n_targets)),
                   np.zeros(n_targets))

    @classmethod
    def from_data(cls, X, y, sample_weight=None) -> RidgeStatistics:
        """Statistics of one batch.

        Parameters
        ----------
        X : array (n_samples, n_features)
        y : array (n_samples,) or (n_samples, n_targets)
        sample_weight : array (n_samples,), optional
            Frequency weights ``>= 0``.
        """
        X = np.asarray(X, dtype=np.float64)
        Y = np.asarray(y, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
        if Y.ndim == 1:
            Y = Y[:, None]
        if Y.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise ValueError(f"y must have shape ({X.shape[0]},) or ({X.shape[0]}, n_targets) "
                             f"to match X, got {np.shape(y)}")
        if not (np.all(np.isfinite(X)) and np.all(np.isfinite(Y))):
            raise ValueError("X and y must be finite (found NaN or inf)")
        w = check_sample_weight(sample_weight, X.shape[0])
        W = float(w.sum())
        if W == 0.0:
            out = cls.empty(X.shape[1], Y.shape[1])
            return cls(0.0, X.shape[0], out.mean_x, out.mean_y, out.cxx, out.cxy, out.cyy)
        mx = w @ X / W
        my = w @ Y / W
        Xc = X - mx
        Yc = Y - my
        Xw = Xc * w[:, None]
        return cls(W, X.shape[0], mx, my, Xw.T @ Xc, Xw.T @ Yc, w @ (Yc * Yc))

    @property
    def n_features(self) -> int:
        return self.mean_x.size

    @property
    def n_targets(self) -> int:
        return self.mean_y.size

    def merge(self, other: RidgeStatistics) -> RidgeStatistics:
        """The statistics of the union of both data sets (Chan et al.'s pairwise update)."""
        if not isinstance(other, RidgeStatistics):
            raise TypeError(f"can only merge RidgeStatistics, got {type(other).__name__}")
        if (other.n_features, other.n_targets) != (self.n_features, self.n_targets):
            raise ValueError(
                f"cannot merge statistics of {other.n_features} features and "
                f"{other.n_targets} targets into {self.n_features} features and "
                f"{self.n_targets} targets")
        n = self.n_samples + other.n_samples
        if other.weight == 0:
            return RidgeStatistics(self.weight, n, self.mean_x, self.mean_y, self.cxx,
                                   self.cxy, self.cyy)
        if self.weight == 0:
            return RidgeStatistics(other.weight, n, other.mean_x, other.mean_y, other.cxx,
                                   other.cxy, other.cyy)
        wa, wb = self.weight, other.weight
        W = wa + wb
        dx = other.mean_x - self.mean_x
        dy = other.mean_y - self.mean_y
        f = wa * wb / W
        return RidgeStatistics(
            W, n, self.mean_x + dx * (wb / W), self.mean_y + dy * (wb / W),
            self.cxx + other.cxx + f * np.outer(dx, dx),
            self.cxy + other.cxy + f * np.outer(dx, dy),
            self.cyy + other.cyy + f * dy * dy)

    # Uncentred views, for users and for the no-intercept solution.
    @property
    def xtx(self) -> np.ndarray:
        """``X^T W X`` (uncentred)."""
        return self.cxx + self.weight * np.outer(self.mean_x, self.mean_x)

    @property
    def xty(self) -> np.ndarray:
        """``X^T W Y`` (uncentred)."""
        return self.cxy + self.weight * np.outer(self.mean_x, self.mean_y)

    @property
    def yty(self) -> np.ndarray:
        """``sum_i w_i y_i^2`` per target (uncentred)."""
        return self.cyy + self.weight * self.mean_y ** 2

    @property
    def sum_x(self) -> np.ndarray:
        return self.weight * self.mean_x

    @property
    def sum_y(self) -> np.ndarray:
        return self.weight * self.mean_y


def sum_statistics(items: Iterable) -> RidgeStatistics:
    """The statistics of several data sets together (e.g. computed by several workers).

    ``items`` are :class:`RidgeStatistics` or fitted ridge readouts (their ``statistics_``).
    """
    total = None
    for k, item in enumerate(items):
        stats = item if isinstance(item, RidgeStatistics) else getattr(item, "statistics_", None)
        if stats is None:
            raise TypeError(f"items[{k}] must be RidgeStatistics or a fitted ridge readout, "
                            f"got {type(item).__name__}")
        total = stats if total is None else total.merge(stats)
    if total is None:
        raise ValueError("items must not be empty")
    return total


def _pick(errors: np.ndarray, alphas: np.ndarray, alpha_per_target: bool) -> np.ndarray:
    """Index of the chosen alpha per target: the first minimum of ``errors`` (n_alphas, t),
    per target or of the mean over targets; the largest alpha where all are infinite."""

    def best(scores: np.ndarray) -> int:
        return int(np.argmin(scores)) if np.any(np.isfinite(scores)) else int(np.argmax(alphas))

    n_targets = errors.shape[1]
    if alpha_per_target:
        return np.array([best(errors[:, t]) for t in range(n_targets)])
    return np.full(n_targets, best(errors.mean(axis=1)))


def feature_scale(stats: RidgeStatistics) -> np.ndarray:
    """Each feature's weighted SD, or 1 for a feature (nearly) constant in the data: an SD
    below ``10 eps`` (as ``StandardScaler``) or at most ``1e-6`` times the largest feature's
    SD (a neuron silent in training, whose tail would be scaled up; see the module
    docstring)."""
    if stats.weight <= 0:
        raise ValueError("the sample weights sum to zero: no samples to fit on")
    return _unit_if_constant(np.sqrt(np.clip(np.diag(stats.cxx), 0.0, None) / stats.weight))


def _data_scale(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """:func:`feature_scale` of ``(X, w)`` from the data, without the p x p statistics
    (the dual, leave-one-out path never forms them: n_samples < n_features there)."""
    W = float(w.sum())
    if W <= 0:
        raise ValueError("the sample weights sum to zero: no samples to fit on")
    Xc = X - w @ X / W
    return _unit_if_constant(np.sqrt(np.clip(w @ (Xc * Xc), 0.0, None) / W))


def _unit_if_constant(sd: np.ndarray) -> np.ndarray:
    constant = ((sd < 10 * np.finfo(np.float64).eps)
                | (sd <= _NEAR_CONSTANT * sd.max(initial=0.0)))
    sd[constant] = 1.0
    return sd


def _rescaled(stats: RidgeStatistics, f: np.ndarray) -> RidgeStatistics:
    """The statistics of the features multiplied by ``f`` (n_features,)."""
    return RidgeStatistics(stats.weight, stats.n_samples, stats.mean_x * f, stats.mean_y,
                           stats.cxx * np.outer(f, f), stats.cxy * f[:, None], stats.cyy)


def _decompose(stats: RidgeStatistics, fit_intercept: bool):
    """``(s, V, Q, c)``: eigenvalues and vectors of ``C_xx`` (or ``X^T W X``), ``Q = V^T B``
    for ``B = C_xy`` (or ``X^T W Y``), and ``c = c_yy`` (or ``y^T W y``)."""
    if fit_intercept:
        A, B, c = stats.cxx, stats.cxy, stats.cyy
    else:
        A, B, c = stats.xtx, stats.xty, stats.yty
    s, V = np.linalg.eigh((A + A.T) / 2)
    return np.clip(s, 0.0, None), V, V.T @ B, c


def _solution(stats: RidgeStatistics, s, V, Q, chosen, fit_intercept: bool):
    """Coefficients (t, p) and intercepts (t,) at the penalties ``chosen`` (t,)."""
    coef = ((Q / (s[:, None] + chosen[None, :])).T @ V.T)
    if fit_intercept:
        return coef, stats.mean_y - coef @ stats.mean_x
    return coef, np.zeros(Q.shape[1])


def solve_ridge(stats: RidgeStatistics, alphas: np.ndarray, fit_intercept: bool,
                alpha_per_target: bool) -> dict:
    """Coefficients, intercepts, chosen alphas and GCV scores from ``stats`` (see module)."""
    if stats.weight <= 0:
        raise ValueError("the sample weights sum to zero: no samples to fit on")
    W = stats.weight
    s, V, Q, c = _decompose(stats, fit_intercept)
    sa = s[None, :] + alphas[:, None]                    # (n_alphas, p)
    rss = c[None, :] - ((s[None, :] + 2 * alphas[:, None]) / sa ** 2) @ (Q * Q)
    rss = np.clip(rss, 0.0, None)                        # (n_alphas, t)
    trace = (s[None, :] / sa).sum(axis=1)                # (n_alphas,)
    denom = W - trace - (1.0 if fit_intercept else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        gcv = np.where(denom[:, None] > 0, W * rss / np.square(denom)[:, None], np.inf)
    idx = _pick(gcv, alphas, alpha_per_target)
    chosen = alphas[idx]                                 # (t,)
    coef, intercept = _solution(stats, s, V, Q, chosen, fit_intercept)
    return {"coef": coef, "intercept": intercept, "alpha": chosen, "errors": gcv}


def _pick_folds(errors: np.ndarray, alphas: np.ndarray, alpha_per_target: bool,
                rule: str) -> np.ndarray:
    """Index of the chosen alpha per target from fold errors (n_folds, n_alphas, t)."""
    if not alpha_per_target:
        errors = np.broadcast_to(errors.mean(axis=2, keepdims=True), errors.shape)
    mean = errors.mean(axis=0)                           # (n_alphas, t)
    idx = _pick(mean, alphas, True)
    if rule == "min":
        return idx
    cols = np.arange(errors.shape[2])
    se = errors.std(axis=0, ddof=1)[idx, cols] / np.sqrt(errors.shape[0])
    ok = mean <= (mean[idx, cols] + se)[None, :]
    order = np.argsort(alphas, kind="stable")
    return np.array([order[ok[order, t]][-1] if ok[:, t].any() else idx[t] for t in cols])


def solve_ridge_kfold(folds: list, alphas: np.ndarray, fit_intercept: bool,
                      alpha_per_target: bool, standardize: bool, rule: str) -> dict:
    """Coefficients, intercepts, chosen alphas and mean fold errors by K-fold
    cross-validation from the statistics of each fold (see module). ``"statistics"`` holds
    those of all folds together (unscaled)."""
    if len(folds) < 2:
        raise ValueError(f"K-fold cross-validation needs at least 2 folds, got {len(folds)}")
    for k, f in enumerate(folds):
        if f.weight <= 0:
            raise ValueError(f"fold {k} has no samples of weight > 0: use fewer folds")
    total = sum_statistics(folds)
    t = total.n_targets
    errors = np.empty((len(folds), alphas.size, t))
    for k, val in enumerate(folds):
        train = sum_statistics(folds[:k] + folds[k + 1:])
        f = 1.0 / feature_scale(train) if standardize else np.ones(train.n_features)
        train = _rescaled(train, f)
        s, V, Q, _ = _decompose(train, fit_intercept)
        cx = train.mean_x if fit_intercept else np.zeros(train.n_features)
        cy = train.mean_y if fit_intercept else np.zeros(t)
        dx = val.mean_x * f - cx
        dy = val.mean_y - cy
        Wv = val.weight
        Sxx = val.cxx * np.outer(f, f) + Wv * np.outer(dx, dx)
        Sxy = val.cxy * f[:, None] + Wv * np.outer(dx, dy)
        Syy = val.cyy + Wv * dy * dy
        G = V.T @ Sxx @ V                                # the validation data in V's basis
        g = V.T @ Sxy
        C = Q[None, :, :] / (s[None, :, None] + alphas[:, None, None])   # (n_alphas, p, t)
        sse = (Syy[None, :] - 2 * np.einsum("apt,pt->at", C, g)
               + np.einsum("apt,apt->at", C, np.einsum("pq,aqt->apt", G, C)))
        errors[k] = np.clip(sse, 0.0, None) / Wv
    idx = _pick_folds(errors, alphas, alpha_per_target, rule)
    chosen = alphas[idx]
    f = 1.0 / feature_scale(total) if standardize else np.ones(total.n_features)
    scaled = _rescaled(total, f)
    s, V, Q, _ = _decompose(scaled, fit_intercept)
    coef, intercept = _solution(scaled, s, V, Q, chosen, fit_intercept)
    return {"coef": coef * f[None, :], "intercept": intercept, "alpha": chosen,
            "errors": errors.mean(axis=0), "statistics": total}


class _CentredData:
    """The weighted data of a ``fit`` solved in the dual form, kept so that ``statistics_``
    can be built on first access (``p x p``, which that ``fit`` does not need).

    ``A = sqrt(w) (X - c mean_x)``, ``B = sqrt(w) (Y - c mean_y)`` with ``c = 1`` when
    ``centred`` and ``0`` otherwise (the uncentred arrays of a fit without intercept)."""

    def __init__(self, A, B, sw, weight, mean_x, mean_y, centred):
        self.A, self.B, self.sw = A, B, sw
        self.weight, self.mean_x, self.mean_y, self.centred = weight, mean_x, mean_y, centred

    def statistics(self) -> RidgeStatistics:
        A, B = self.A, self.B
        if not self.centred:
            A = A - self.sw[:, None] * self.mean_x
            B = B - self.sw[:, None] * self.mean_y
        return RidgeStatistics(self.weight, A.shape[0], self.mean_x, self.mean_y, A.T @ A,
                               A.T @ B, np.einsum("ij,ij->j", B, B))


class _ScaledData:
    """Statistics on demand of data whose features were multiplied by ``1 / scale``."""

    def __init__(self, data: _CentredData, scale: np.ndarray):
        self.data, self.scale = data, scale

    def statistics(self) -> RidgeStatistics:
        return _rescaled(self.data.statistics(), self.scale)


#: Columns (alphas x targets) of one block of the leave-one-out products, bounding their memory
#: to ``n_samples x _LOO_BLOCK`` floats.
_LOO_BLOCK = 512


def _alpha_blocks(n_alphas: int, n_targets: int):
    step = max(1, _LOO_BLOCK // n_targets)
    for a in range(0, n_alphas, step):
        yield slice(a, min(a + step, n_alphas))


def solve_ridge_loo(X: np.ndarray, Y: np.ndarray, w: np.ndarray, alphas: np.ndarray,
                    fit_intercept: bool, alpha_per_target: bool, form: str | None = None
                    ) -> dict:
    """Coefficients, intercepts, chosen alphas and leave-one-out errors from the data ``X``
    (n, p), ``Y`` (n, t) and frequency weights ``w`` (see module).

    ``form="dual"`` (default when ``n <= p``): from the ``n x n`` Gram matrix; ``X^T X`` is
    never formed and ``"statistics"`` is a :class:`_CentredData` (the statistics on demand).
    ``form="primal"`` (default when ``n > p``): from the statistics' ``C_xx``, ``p x p``
    (``"statistics"`` holds them). Both give the same results up to round-off."""
    W = float(w.sum())
    if W <= 0:
        raise ValueError("the sample weights sum to zero: no samples to fit on")
    n, p = X.shape
    t = Y.shape[1]
    if form is None:
        form = "dual" if n <= p else "primal"
    if form not in ("dual", "primal"):
        raise ValueError(f"form must be 'dual' or 'primal', got {form!r}")
    dual = form == "dual"
    sw = np.sqrt(w)
    # leave one unit of weight out (a whole sample when its weight is below 1)
    q = (1.0 / np.maximum(w, 1.0))[:, None, None]
    if not dual:
        stats = RidgeStatistics.from_data(X, Y, w)
        mx, my = stats.mean_x, stats.mean_y
    else:
        stats = None
        mx, my = w @ X / W, w @ Y / W
    if fit_intercept:
        A = X - mx
        A *= sw[:, None]
        B = (Y - my) * sw[:, None]
    else:
        A = X * sw[:, None]
        B = Y * sw[:, None]
    errors = np.empty((alphas.size, t))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if dual:
            K = A @ A.T                                      # (n, n)
            K += K.T
            K *= 0.5
            if fit_intercept:
                # The intercept column sqrt(w) is orthogonal to the centred A (K sqrt(w) = 0):
                # give it an eigenvalue below all others and leave it out.
                e0 = sw / np.sqrt(W)
                K -= (1.0 + np.trace(K)) * np.outer(e0, e0)
            s, U = np.linalg.eigh(K)
            del K
            if fit_intercept:
                s, U = s[1:], U[:, 1:]
            s = np.clip(s, 0.0, None)
            UtB = U.T @ B                                    # (r, t)
            U2 = U * U
            # For each alpha: c = U diag(1/(s + alpha)) U^T B, d = diag(U diag(..) U^T),
            # residuals alpha c, 1 - H_ii = alpha d; a block of alphas in one product.
            for blk in _alpha_blocks(alphas.size, t):
                D = 1.0 / (s[None, :] + alphas[blk, None])   # (k, r)
                k = D.shape[0]
                C = U @ (D.T[:, :, None] * UtB[:, None, :]).reshape(s.size, k * t)
                ad = (alphas[blk][None, :] * (U2 @ D.T))[:, :, None]   # (n, k, 1): 1 - H_ii
                R = alphas[blk][None, :, None] * C.reshape(n, k, t)
                r = R / ((1.0 - q) + q * ad)
                errors[blk] = np.sum(np.square(r), axis=0) / W
            del U2
        else:
            C = stats.cxx if fit_intercept else A.T @ A
            s, V = np.linalg.eigh((C + C.T) / 2)
            s = np.clip(s, 0.0, None)
            Z = A @ V                                        # (n, p)
            Z2 = Z * Z
            Q = Z.T @ B                                      # (p, t)
            lev0 = (w / W)[:, None] if fit_intercept else 0.0
            # For each alpha: residuals (B - Z diag(1/(s + alpha)) Q) / (1 - h).
            for blk in _alpha_blocks(alphas.size, t):
                D = 1.0 / (s[None, :] + alphas[blk, None])   # (k, p)
                k = D.shape[0]
                F = Z @ (D.T[:, :, None] * Q[:, None, :]).reshape(p, k * t)
                h = (Z2 @ D.T + lev0)[:, :, None]            # (n, k, 1)
                r = (B[:, None, :] - F.reshape(n, k, t)) / (1.0 - q * h)
                errors[blk] = np.sum(np.square(r), axis=0) / W
            del Z, Z2
    errors = np.where(np.isfinite(errors), errors, np.inf)
    idx = _pick(errors, alphas, alpha_per_target)
    chosen = alphas[idx]                                     # (t,)
    D = 1.0 / (s[:, None] + chosen[None, :])                 # (r, t)
    if dual:
        coef = (A.T @ (U @ (D * UtB))).T                     # (t, p): W = A^T c
        stats = _CentredData(A, B, sw, W, mx, my, fit_intercept)
    else:
        coef = (V @ (D * Q)).T
    if fit_intercept:
        intercept = my - coef @ mx
    else:
        intercept = np.zeros(t)
    return {"coef": coef, "intercept": intercept, "alpha": chosen, "errors": errors,
            "statistics": stats}


# ============================================================================ estimators
#: The values of the ``selection`` parameter of the ridge readouts (how alpha is chosen).
SELECTIONS = ("auto", "loo", "kfold", "gcv")

#: The values of ``alpha_rule``: which alpha K-fold cross-validation takes.
ALPHA_RULES = ("min", "1se")


def _fold_indices(groups, n_samples: int, n_folds: int) -> np.ndarray:
    """Fold of each sample: distinct group ``g`` (sorted) in fold ``g mod n_folds``."""
    if groups is None:
        labels = np.arange(n_samples)
    else:
        g = np.asarray(groups)
        if g.ndim != 1 or g.shape[0] != n_samples:
            raise ValueError(f"groups must have shape ({n_samples},) (one label per sample), "
                             f"got shape {g.shape}")
        labels = np.unique(g, return_inverse=True)[1].ravel()
    n_groups = int(labels.max()) + 1 if labels.size else 0
    if n_groups < n_folds:
        raise ValueError(f"K-fold cross-validation with n_folds = {n_folds} needs at least "
                         f"{n_folds} groups, got {n_groups}")
    return labels % n_folds


class _RidgeBase(BaseEstimator):
    """Shared machinery of the two ridge readouts (abstract: use the subclasses)."""

    def _check_params(self) -> np.ndarray:
        boolean(self.fit_intercept, "fit_intercept")
        boolean(self.standardize, "standardize")
        if not (isinstance(self.selection, str) and self.selection in SELECTIONS):
            got = (repr(self.selection) if isinstance(self.selection, str)
                   else f"a {type(self.selection).__name__}")
            raise ValueError(f"selection must be one of {SELECTIONS} (how alpha is chosen), "
                             f"got {got}")
        if not (isinstance(self.alpha_rule, str) and self.alpha_rule in ALPHA_RULES):
            raise ValueError(f"alpha_rule must be one of {ALPHA_RULES}, got "
                             f"{self.alpha_rule!r}")
        integer(self.n_folds, "n_folds", minimum=2)
        return np.array(positive_floats(self.alphas, "alphas"))

    def _check_streaming(self, method: str) -> None:
        """Refuse ``selection`` 'loo' and 'kfold' where only statistics exist (before
        changing any state)."""
        self._check_params()
        if self.selection in ("loo", "kfold"):
            raise ValueError(f"selection={self.selection!r} needs all the data at once (fit); "
                             f"{method} has only the accumulated statistics: use "
                             "selection='auto' (GCV there) or selection='gcv'")

    def _criterion(self, groups) -> str:
        """The criterion ``fit`` uses: 'loo', 'kfold' or 'gcv'."""
        sel = self.selection
        if groups is not None and sel not in ("auto", "kfold"):
            raise ValueError(f"groups select alpha by grouped K-fold: they need "
                             f"selection='auto' or 'kfold', got selection={sel!r}")
        if sel == "auto":
            return "kfold" if groups is not None else "loo"
        return sel

    def merge(self, *others):
        """Add the statistics of other fitted readouts (or :class:`RidgeStatistics`) to this
        fitted readout and solve again; returns ``self``.

        For several workers: each fits (or ``partial_fit``\\s, classifiers with the same
        ``classes``) a clone on its share of the data, then ``readout.merge(*the_others)``.
        """
        check_is_fitted(self, "statistics_")
        self._check_streaming("merge")
        self._check_merge(others)
        self.statistics_ = sum_statistics([self.statistics_, *others])
        self._solve()
        return self

    def _check_merge(self, others) -> None:
        pass

    def _set_statistics(self, stats: RidgeStatistics) -> None:
        if not isinstance(stats, RidgeStatistics):
            raise TypeError(f"statistics must be RidgeStatistics, got {type(stats).__name__}")
        self.statistics_ = stats
        self.n_features_in_ = stats.n_features
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def _solve(self, data=None, groups=None) -> dict:
        """Solve from ``data = (X, Y, w)`` (``fit``: sets ``statistics_``; the criterion of
        ``selection`` and ``groups``) or else from ``statistics_`` by GCV. Sets
        ``selection_`` and ``scale_``; coefficients are returned in raw feature units."""
        alphas = self._check_params()
        per_target = getattr(self, "alpha_per_target", False)
        criterion = "gcv" if data is None else self._criterion(groups)
        if criterion == "kfold":
            X, Y, w = data
            fold = _fold_indices(groups, X.shape[0], self.n_folds)
            folds = [RidgeStatistics.from_data(X[fold == k], Y[fold == k], w[fold == k])
                     for k in range(self.n_folds)]
            sol = solve_ridge_kfold(folds, alphas, self.fit_intercept, per_target,
                                    self.standardize, self.alpha_rule)
            self.statistics_ = sol["statistics"]
            self.scale_ = (feature_scale(self.statistics_) if self.standardize
                           else np.ones(X.shape[1]))
        elif criterion == "loo":
            X, Y, w = data
            if self.standardize:
                sd = _data_scale(X, w)
                sol = solve_ridge_loo(X / sd, Y, w, alphas, self.fit_intercept, per_target)
                st = sol["statistics"]
                self.statistics_ = (_ScaledData(st, sd) if isinstance(st, _CentredData)
                                    else _rescaled(st, sd))
                sol["coef"] = sol["coef"] / sd
            else:
                sd = np.ones(X.shape[1])
                sol = solve_ridge_loo(X, Y, w, alphas, self.fit_intercept, per_target)
                self.statistics_ = sol["statistics"]
            self.scale_ = sd
        else:
            if data is not None:
                self.statistics_ = RidgeStatistics.from_data(*data)
            stats = self.statistics_
            sd = feature_scale(stats) if self.standardize else np.ones(stats.n_features)
            sol = solve_ridge(_rescaled(stats, 1.0 / sd), alphas, self.fit_intercept,
                              per_target)
            sol["coef"] = sol["coef"] / sd
            self.scale_ = sd
        self.selection_ = criterion
        return sol

    # ``statistics_`` is built on first access after a fit in the dual form (n <= p), which
    # does not need the p x p statistics (partial_fit, merge and sum_statistics do).
    @property
    def statistics_(self) -> RidgeStatistics:
        stats = self.__dict__.get("_statistics")
        if isinstance(stats, (_CentredData, _ScaledData)):
            stats = stats.statistics()
            self.__dict__["_statistics"] = stats
        if stats is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute "
                                 "'statistics_'")
        return stats

    @statistics_.setter
    def statistics_(self, value) -> None:
        self.__dict__["_statistics"] = value


class RidgeReadout(RegressorMixin, _RidgeBase):
    r"""Ridge regression readout that streams: ``fit``, ``partial_fit``, ``merge``.

    Minimises ``sum_i w_i ||y_i - coef x_i - intercept||^2 + alpha ||coef||^2`` with
    ``alpha`` chosen from ``alphas`` by exact efficient leave-one-out cross-validation in
    ``fit`` (as scikit-learn's ``RidgeCV``), by K-fold cross-validation over groups of
    samples when ``fit`` is given ``groups`` (e.g. the time steps of one run), and by
    generalised cross-validation from the accumulated statistics in ``partial_fit``,
    ``fit_statistics`` and ``merge`` (see ``selection``; equations in
    :mod:`liquidstate.readouts.linear`).

    Parameters
    ----------
    alphas : float or sequence of float
        Candidate penalties (> 0); default 25 values log-spaced in ``[1e-6, 1e6]``.
    fit_intercept : bool
        Fit an unpenalised intercept (by centring with the accumulated means).
    alpha_per_target : bool
        With several targets, choose alpha per target (``alpha_`` is then an array);
        default one alpha for all targets, minimising their mean criterion.
    selection : {"auto", "loo", "kfold", "gcv"}
        How alpha is chosen (see :mod:`liquidstate.readouts.linear`). ``"auto"`` (default):
        in ``fit``, grouped K-fold when ``groups`` are given and exact leave-one-out
        otherwise (reliable also with more features than samples, where GCV tends to choose
        far too small a penalty); GCV where only the statistics exist (``partial_fit``,
        ``fit_statistics``, ``merge``). ``"loo"``: leave-one-out only; ``"kfold"``: K-fold
        only (folds of ``groups``, or of single samples); both make the streaming methods
        raise ``ValueError``. ``"gcv"``: GCV everywhere (``fit`` equals streaming the same
        data).
    n_folds : int
        Folds of K-fold cross-validation (>= 2, at most the number of groups).
    alpha_rule : {"min", "1se"}
        Which alpha K-fold takes: the smallest mean fold error (default), or the largest
        alpha within one standard error of it. Only K-fold uses it.
    standardize : bool
        Divide each feature by its SD over the training data before the penalty applies (as
        ``make_pipeline(StandardScaler(), readout)``, from the statistics); default False,
        features as given.

    Attributes
    ----------
    coef_ : ndarray (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray (n_targets,)
    alpha_ : float or ndarray (n_targets,)
        The chosen penalty.
    selection_errors_ : ndarray (n_alphas,) or (n_alphas, n_targets)
        The criterion of each alpha (of each target for 2-D ``y``) in the last solve: mean
        squared leave-one-out error, mean K-fold validation error, or GCV score.
    selection_ : str
        The criterion of the last solve: ``"loo"``, ``"kfold"`` or ``"gcv"``.
    scale_ : ndarray (n_features,)
        The SDs the features were divided by (ones without ``standardize``, and 1 for a
        feature nearly constant in the training data).
    statistics_ : RidgeStatistics
        The accumulated statistics. After a ``fit`` in the dual form (leave-one-out with
        ``n_samples <= n_features``), which does not need them, they are computed on first
        access from the centred data that the readout keeps for this (``n_samples x
        n_features``, less than the ``n_features^2`` of the statistics).
    n_features_in_ : int

    Notes
    -----
    Each ``fit``/``partial_fit`` solves once: one eigendecomposition, of ``n_samples x
    n_samples`` or ``n_features x n_features`` for leave-one-out (whichever is smaller),
    ``O(n_features^3)`` for GCV, one of ``n_features x n_features`` per fold for K-fold.
    The time goes into BLAS/LAPACK (the Gram product and the eigendecomposition); on a
    machine whose cores are busy, ``threadpoolctl.threadpool_limits(1)`` around ``fit`` can
    be faster than several BLAS threads.
    To accumulate many small chunks cheaply, sum :meth:`RidgeStatistics.from_data` of the
    chunks and call :meth:`fit_statistics` once.
    """

    def __init__(self, alphas=DEFAULT_ALPHAS, fit_intercept: bool = True,
                 alpha_per_target: bool = False, selection: str = "auto", n_folds: int = 5,
                 alpha_rule: str = "min", standardize: bool = False):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.alpha_per_target = alpha_per_target
        self.selection = selection
        self.n_folds = n_folds
        self.alpha_rule = alpha_rule
        self.standardize = standardize

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"multioutput": True}

    def _validate(self, X, y, reset: bool):
        X, y = validate_data(self, X, y, reset=reset, dtype=np.float64, multi_output=True,
                             y_numeric=True)
        if y.ndim == 2 and y.shape[1] == 0:
            raise ValueError("y must have at least one target column")
        return X, y

    def fit(self, X, y, sample_weight=None, groups=None):
        """Forget previous data, accumulate ``(X, y)`` and solve. Returns ``self``.

        ``groups`` (one label per sample, e.g. the run a time step belongs to) choose alpha
        by K-fold cross-validation over whole groups (``selection`` 'auto' or 'kfold')."""
        self._check_params()
        X, y = self._validate(X, y, reset=True)
        self._multi_output = y.ndim == 2
        w = check_sample_weight(sample_weight, X.shape[0])
        return self._solve((X, y.reshape(y.shape[0], -1), w), groups)

    def partial_fit(self, X, y, sample_weight=None):
        """Add ``(X, y)`` to the accumulated statistics and solve again by GCV (``selection``
        'loo' and 'kfold' refuse). Returns ``self``."""
        self._check_streaming("partial_fit")
        first = not hasattr(self, "statistics_")
        X, y = self._validate(X, y, reset=first)
        stats = RidgeStatistics.from_data(X, y, sample_weight)
        if first:
            self._multi_output = y.ndim == 2
            self.statistics_ = stats
        else:
            if stats.n_targets != self.statistics_.n_targets:
                raise ValueError(f"y has {stats.n_targets} targets, but {type(self).__name__} "
                                 f"was fitted on {self.statistics_.n_targets}")
            self.statistics_ = self.statistics_.merge(stats)
        return self._solve()

    def fit_statistics(self, statistics: RidgeStatistics):
        """Fit from accumulated statistics (e.g. :func:`sum_statistics` of workers'), alpha
        chosen by GCV (``selection`` 'loo' and 'kfold' refuse)."""
        self._check_streaming("fit_statistics")
        self._set_statistics(statistics)
        self._multi_output = statistics.n_targets > 1
        return self._solve()

    def _check_merge(self, others) -> None:
        for o in others:
            if isinstance(o, (RidgeReadout, RidgeStatistics)):
                continue
            raise TypeError(f"can only merge RidgeReadout or RidgeStatistics, got "
                            f"{type(o).__name__}")

    def _solve(self, data=None, groups=None):
        sol = super()._solve(data, groups)
        multi = self._multi_output
        self.coef_ = sol["coef"] if multi else sol["coef"][0]
        self.intercept_ = sol["intercept"] if multi else float(sol["intercept"][0])
        per_target = self.alpha_per_target and multi
        self.alpha_ = sol["alpha"] if per_target else float(sol["alpha"][0])
        self.selection_errors_ = sol["errors"] if multi else sol["errors"][:, 0]
        return self

    def predict(self, X) -> np.ndarray:
        """``X coef^T + intercept``: shape (n_samples,) or (n_samples, n_targets)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X @ self.coef_.T + self.intercept_


class RidgeClassifierReadout(ClassifierMixin, _RidgeBase):
    r"""Ridge classifier readout (one-vs-all least squares on ``+-1`` targets), streaming.

    Each class ``k`` gets the target ``+1`` for its samples and ``-1`` for the others (binary
    problems: one target, ``+1`` for ``classes_[1]``), fitted as in :class:`RidgeReadout`
    with one alpha for all targets chosen by their mean criterion (leave-one-out in ``fit``,
    grouped K-fold with ``groups``, GCV when streaming: see ``selection``). ``predict`` is
    the class with the largest decision value (binary: ``classes_[1]`` where it is ``>
    0``), as scikit-learn's ``RidgeClassifier``, which it matches for a given alpha; with
    unit weights ``fit`` matches ``RidgeClassifierCV`` (same alpha and coefficients).

    Parameters
    ----------
    alphas : float or sequence of float
        Candidate penalties (> 0).
    fit_intercept : bool
        Fit an unpenalised intercept.
    class_weight : dict, "balanced" or None
        Weights per class, multiplying the sample weights (``"balanced"``:
        ``n_samples / (n_classes * count(k))``, computed in ``fit``; not available in
        ``partial_fit``, which sees one chunk at a time).
    selection : {"auto", "loo", "kfold", "gcv"}
        How alpha is chosen (see :mod:`liquidstate.readouts.linear`). ``"auto"`` (default):
        in ``fit``, grouped K-fold when ``groups`` are given and exact leave-one-out
        otherwise (reliable also with more features than samples, where GCV tends to choose
        far too small a penalty); GCV where only the statistics exist (``partial_fit``,
        ``fit_statistics``, ``merge``). ``"loo"``: leave-one-out only; ``"kfold"``: K-fold
        only (folds of ``groups``, or of single samples); both make the streaming methods
        raise ``ValueError``. ``"gcv"``: GCV everywhere (``fit`` equals streaming the same
        data).
    n_folds : int
        Folds of K-fold cross-validation (>= 2, at most the number of groups).
    alpha_rule : {"min", "1se"}
        Which alpha K-fold takes: the smallest mean fold error (default), or the largest
        alpha within one standard error of it. Only K-fold uses it.
    standardize : bool
        Divide each feature by its SD over the training data before the penalty applies (as
        ``make_pipeline(StandardScaler(), readout)``, from the statistics); default False,
        features as given.

    Attributes
    ----------
    classes_ : ndarray (n_classes,)
    coef_ : ndarray (1, n_features) for two classes, else (n_classes, n_features)
    intercept_ : ndarray (1,) or (n_classes,)
    alpha_ : float
    selection_errors_ : ndarray (n_alphas,)
        The criterion of each alpha in the last solve, averaged over the one-vs-all targets.
    selection_ : str
        The criterion of the last solve: ``"loo"``, ``"kfold"`` or ``"gcv"``.
    scale_ : ndarray (n_features,)
        The SDs the features were divided by (ones without ``standardize``, and 1 for a
        feature nearly constant in the training data).
    statistics_ : RidgeStatistics
        As in :class:`RidgeReadout` (computed on first access after a ``fit`` in the dual
        form).
    n_features_in_ : int
    """

    def __init__(self, alphas=DEFAULT_ALPHAS, fit_intercept: bool = True, class_weight=None,
                 selection: str = "auto", n_folds: int = 5, alpha_rule: str = "min",
                 standardize: bool = False):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.class_weight = class_weight
        self.selection = selection
        self.n_folds = n_folds
        self.alpha_rule = alpha_rule
        self.standardize = standardize

    def _validate(self, X, y, reset: bool):
        X, y = validate_data(self, X, y, reset=reset, dtype=np.float64)
        check_classification_targets(y)
        return X, column_or_1d(y, warn=True)

    def _targets(self, y: np.ndarray) -> np.ndarray:
        """The ``+-1`` target matrix of labels ``y`` (all in ``classes_``)."""
        idx = np.searchsorted(self.classes_, y)
        idx = np.clip(idx, 0, self.classes_.size - 1)
        unknown = self.classes_[idx] != y
        if np.any(unknown):
            raise ValueError(f"y contains labels not in classes {self.classes_.tolist()}: "
                             f"{np.unique(y[unknown]).tolist()}")
        Y = -np.ones((y.size, self.classes_.size))
        Y[np.arange(y.size), idx] = 1.0
        return Y[:, 1:] if self.classes_.size == 2 else Y

    def _weights(self, y, sample_weight, *, partial: bool) -> np.ndarray:
        w = check_sample_weight(sample_weight, y.size)
        cw = self.class_weight
        if cw is None:
            return w
        if isinstance(cw, str) and cw == "balanced" and partial:
            raise ValueError("class_weight='balanced' is not available in partial_fit (it needs "
                             "all labels at once); pass a dict of class weights")
        if not (isinstance(cw, dict) or (isinstance(cw, str) and cw == "balanced")):
            raise ValueError(f"class_weight must be None, 'balanced' or a dict, got {cw!r}")
        per_class = compute_class_weight(cw, classes=self.classes_, y=y)
        return w * per_class[np.searchsorted(self.classes_, y)]

    def fit(self, X, y, sample_weight=None, groups=None):
        """Forget previous data, accumulate ``(X, y)`` and solve. Returns ``self``.

        ``groups`` (one label per sample) choose alpha by K-fold cross-validation over whole
        groups (``selection`` 'auto' or 'kfold')."""
        self._check_params()
        X, y = self._validate(X, y, reset=True)
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError(f"{type(self).__name__} needs samples of at least 2 classes, "
                             f"got 1 class: {classes.tolist()}")
        self.classes_ = classes
        w = self._weights(y, sample_weight, partial=False)
        return self._solve((X, self._targets(y), w), groups)

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Add ``(X, y)`` to the statistics and solve again. Returns ``self``.

        ``classes`` (all labels that will ever occur) is required on the first call. Alpha
        is chosen by GCV (``selection`` 'loo' and 'kfold' refuse).
        """
        self._check_streaming("partial_fit")
        first = not hasattr(self, "statistics_")
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit "
                                 "(all labels that will occur)")
            classes = np.unique(np.asarray(classes))
            if classes.size < 2:
                raise ValueError(f"classes must hold at least 2 classes, got "
                                 f"{classes.tolist()}")
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"classes {np.unique(classes).tolist()} differ from the classes "
                             f"of the first call {self.classes_.tolist()}")
        X, y = self._validate(X, y, reset=first)
        if first:
            self.classes_ = classes
        w = self._weights(y, sample_weight, partial=True)
        stats = RidgeStatistics.from_data(X, self._targets(y), w)
        self.statistics_ = stats if first else self.statistics_.merge(stats)
        return self._solve()

    def fit_statistics(self, statistics: RidgeStatistics, classes):
        """Fit from accumulated statistics of ``+-1`` targets encoded for ``classes`` (e.g.
        :func:`sum_statistics` of workers' readouts); alpha chosen by GCV (``selection``
        'loo' and 'kfold' refuse)."""
        self._check_streaming("fit_statistics")
        classes = np.unique(np.asarray(classes))
        if classes.size < 2:
            raise ValueError(f"classes must hold at least 2 classes, got {classes.tolist()}")
        n_targets = 1 if classes.size == 2 else classes.size
        if statistics.n_targets != n_targets:
            raise ValueError(f"statistics have {statistics.n_targets} targets; {classes.size} "
                             f"classes need {n_targets}")
        self._set_statistics(statistics)
        self.classes_ = classes
        return self._solve()

    def _check_merge(self, others) -> None:
        for o in others:
            if isinstance(o, RidgeStatistics):
                continue
            if not isinstance(o, RidgeClassifierReadout):
                raise TypeError(f"can only merge RidgeClassifierReadout or RidgeStatistics, "
                                f"got {type(o).__name__}")
            check_is_fitted(o, "statistics_")
            if not np.array_equal(o.classes_, self.classes_):
                raise ValueError(f"cannot merge readouts fitted on different classes: "
                                 f"{o.classes_.tolist()} and {self.classes_.tolist()} (use "
                                 "partial_fit with the same classes on every worker)")

    def _solve(self, data=None, groups=None):
        sol = super()._solve(data, groups)
        self.coef_ = sol["coef"]
        self.intercept_ = sol["intercept"]
        self.alpha_ = float(sol["alpha"][0])
        self.selection_errors_ = sol["errors"].mean(axis=1)
        return self

    def decision_function(self, X) -> np.ndarray:
        """``X coef^T + intercept``: (n_samples,) for two classes, else (n_samples, n_classes)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        d = X @ self.coef_.T + self.intercept_
        return d[:, 0] if d.shape[1] == 1 else d

    def predict(self, X) -> np.ndarray:
        """The class of largest decision value (binary: ``classes_[1]`` where ``> 0``)."""
        d = self.decision_function(X)
        idx = (d > 0).astype(np.int64) if d.ndim == 1 else np.argmax(d, axis=1)
        return self.classes_[idx]


def logistic_readout(Cs=10, cv=5, *, max_iter: int = 1000, **kwargs):
    """A logistic-regression readout: scikit-learn's ``LogisticRegressionCV``.

    liquidstate has no logistic regression of its own: any scikit-learn classifier is a
    readout. This returns ``LogisticRegressionCV(Cs=Cs, cv=cv, max_iter=max_iter, **kwargs)``,
    an L2-penalised logistic regression whose inverse penalty ``C`` is chosen among ``Cs``
    (default 10 values log-spaced in ``[1e-4, 1e4]``) by ``cv``-fold cross-validated accuracy
    (``scoring="accuracy"`` unless given, so that ``score`` is the accuracy, as for other
    classifiers). Standardise the features first:
    ``make_pipeline(StandardScaler(), logistic_readout())``.
    """
    import inspect

    from sklearn.linear_model import LogisticRegressionCV

    params = inspect.signature(LogisticRegressionCV).parameters
    # Newer scikit-learn versions warn about changing defaults; fix them explicitly.
    pinned = {"scoring": "accuracy", "l1_ratios": (0.0,), "use_legacy_attributes": False}
    for name, value in pinned.items():
        if name in params and params[name].default == "warn":
            kwargs.setdefault(name, value)
    return LogisticRegressionCV(Cs=Cs, cv=cv, max_iter=max_iter, **kwargs)
