r"""Recursive least squares (RLS): a linear readout that learns online.

With the input ``x`` (the features, with a constant 1 appended when ``fit_intercept``), the
forgetting factor ``lambda`` in ``(0, 1]`` and ``P_0 = delta I``, each new example ``(x, y)``
updates the weights ``w`` (shape ``(n_inputs, n_targets)``) and the inverse correlation
matrix ``P``:

    k = P x / (lambda + x^T P x),
    w <- w + k (y - w^T x)^T,
    P <- (P - k x^T P) / lambda.

After ``n`` examples ``w`` minimises exactly

    sum_{j <= n} lambda^{n - j} ||y_j - w^T x_j||^2 + lambda^n / delta ||w||^2,

so with ``lambda = 1`` it is the ridge solution with penalty ``1 / delta`` on all weights
(the intercept included: a large ``delta`` makes the prior weak), which tends to the least
squares solution as examples accumulate; with ``lambda < 1`` old examples fade with a memory
of about ``1 / (1 - lambda)`` examples, so the readout tracks a changing target.

**Vectorised blocks.** ``partial_fit`` processes the rows of ``X`` in order but in blocks of
``b`` rows at once, which is algebraically the same as ``b`` single updates: with the block
``X_b`` (``b x n_inputs``), ``G = P X_b^T``, ``S = diag(lambda^1..lambda^b) + X_b G`` and the
errors ``E = Y_b - X_b w`` of the weights before the block,

    w <- w + G S^{-1} E,    P <- lambda^{-b} (P - G S^{-1} G^T).

Blocks are at most 64 rows and short enough that ``lambda^b >= 0.01``.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import boolean, positive_float, real
from ._validation import validate_data

__all__ = ["RLSReadout"]

_MAX_BLOCK = 64


class RLSReadout(RegressorMixin, BaseEstimator):
    r"""Recursive least squares readout for online learning (``partial_fit``).

    Equations in :mod:`liquidstate.readouts.online`.

    Parameters
    ----------
    forgetting : float
        Forgetting factor ``lambda`` in ``(0, 1]``; 1 keeps all examples (stationary data),
        ``< 1`` weights an example ``k`` steps old by ``lambda^k`` (tracking).
    delta : float
        Initial inverse correlation matrix ``P_0 = delta * I``: a prior penalty ``1 / delta``
        on the weights (large = weak prior).
    fit_intercept : bool
        Append a constant input 1 (its weight, the intercept, shares the weak prior).

    Attributes
    ----------
    coef_ : ndarray (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray (n_targets,)
    P_ : ndarray (n_inputs, n_inputs)
        The inverse correlation matrix (``n_inputs = n_features + fit_intercept``).
    n_samples_seen_ : int
    n_features_in_ : int

    Notes
    -----
    ``fit`` forgets everything and runs ``partial_fit`` once over the rows in order. Features
    are used as given (standardise them for a well-conditioned ``P``). With ``lambda < 1`` and
    inputs that do not excite every direction, ``P`` grows in the unexcited directions
    ("wind-up"), as in any exponentially forgetting RLS.
    """

    def __init__(self, forgetting: float = 1.0, delta: float = 100.0,
                 fit_intercept: bool = True):
        self.forgetting = forgetting
        self.delta = delta
        self.fit_intercept = fit_intercept

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"multioutput": True}

    def _check_params(self) -> tuple[float, float]:
        lam = real(self.forgetting, "forgetting", low=0.0, high=1.0, low_open=True)
        delta = positive_float(self.delta, "delta")
        boolean(self.fit_intercept, "fit_intercept")
        return lam, delta

    def fit(self, X, y):
        """Forget previous examples and learn ``(X, y)`` row by row. Returns ``self``."""
        for name in ("w_", "P_", "n_samples_seen_"):
            if hasattr(self, name):
                delattr(self, name)
        return self.partial_fit(X, y)

    def partial_fit(self, X, y):
        """Learn the rows of ``(X, y)``, in order. Returns ``self``."""
        lam, delta = self._check_params()
        first = not hasattr(self, "w_")
        X, y = validate_data(self, X, y, reset=first, dtype=np.float64, multi_output=True,
                             y_numeric=True)
        Y = y[:, None] if y.ndim == 1 else y
        if Y.shape[1] == 0:
            raise ValueError("y must have at least one target column")
        if first:
            d = X.shape[1] + (1 if self.fit_intercept else 0)
            self._multi_output = y.ndim == 2
            self._intercept = bool(self.fit_intercept)
            self.w_ = np.zeros((d, Y.shape[1]))
            self.P_ = delta * np.eye(d)
            self.n_samples_seen_ = 0
        elif Y.shape[1] != self.w_.shape[1]:
            raise ValueError(f"y has {Y.shape[1]} targets, but {type(self).__name__} was "
                             f"fitted on {self.w_.shape[1]}")
        if self._intercept:
            X = np.hstack([X, np.ones((X.shape[0], 1))])
        b = _MAX_BLOCK if lam == 1.0 else max(1, min(_MAX_BLOCK,
                                                      int(math.log(0.01) / math.log(lam))))
        for start in range(0, X.shape[0], b):
            self._update(X[start:start + b], Y[start:start + b], lam)
        self.n_samples_seen_ += X.shape[0]
        w = self.w_
        if self._intercept:
            coef, intercept = w[:-1].T, w[-1]
        else:
            coef, intercept = w.T, np.zeros(w.shape[1])
        self.coef_ = coef.copy() if self._multi_output else coef[0].copy()
        self.intercept_ = intercept.copy() if self._multi_output else float(intercept[0])
        return self

    def _update(self, Xb: np.ndarray, Yb: np.ndarray, lam: float) -> None:
        """The block update of the module docstring (``b`` exact single updates)."""
        P, w = self.P_, self.w_
        nb = Xb.shape[0]
        G = P @ Xb.T                                            # (d, b)
        S = Xb @ G
        S[np.diag_indices(nb)] += lam ** np.arange(1, nb + 1)
        E = Yb - Xb @ w                                         # (b, t)
        SinvE, SinvGt = np.split(np.linalg.solve(S, np.hstack([E, G.T])), [E.shape[1]], axis=1)
        self.w_ = w + G @ SinvE
        P = (P - G @ SinvGt) / lam ** nb
        self.P_ = (P + P.T) / 2

    def predict(self, X) -> np.ndarray:
        """``X coef^T + intercept``: (n_samples,) or (n_samples, n_targets)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return X @ self.coef_.T + self.intercept_
