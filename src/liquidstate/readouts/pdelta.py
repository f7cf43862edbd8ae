r"""Parallel perceptrons trained by the p-delta rule (Auer, Burgsteiner & Maass 2008).

A *parallel perceptron* is a single layer of ``n`` perceptrons with weight vectors
``alpha_1..alpha_n`` on the input ``z`` (the features with a constant 1 appended for the
threshold, scaled to ``||z|| = 1``). Its output is the squashed vote

    p(z) = sum_i f(alpha_i . z),   f(u) = +1 if u >= 0 else -1,
    o_hat(z) = s_rho(p) = clip(p / rho, -1, 1),

so ``rho = 1`` gives the majority (classification), ``rho = n`` the fraction of perceptrons
voting +1, rescaled to ``[-1, 1]`` (regression; resolution ``2 / n``).

**The p-delta rule** (Auer et al. 2008). For a training example ``(z, o)`` with
target ``o in [-1, 1]``, desired accuracy ``epsilon``, margin ``gamma``, margin weight ``mu``
and learning rate ``eta``, every perceptron is updated as

    alpha_i <- alpha_i - eta (||alpha_i||^2 - 1) alpha_i + eta * {
        -z        if o_hat > o + epsilon and alpha_i . z >= 0     (output too high)
        +z        if o_hat < o - epsilon and alpha_i . z < 0      (output too low)
        +mu z     if o_hat <= o + epsilon and 0 <= alpha_i . z < gamma
        -mu z     if o_hat >= o - epsilon and -gamma < alpha_i . z < 0
        0         otherwise },

the first two lines correcting the perceptrons that vote wrongly, the next two pushing
perceptrons that vote correctly away from their threshold (a margin ``gamma`` that makes the
solution stable), and the first term keeping ``||alpha_i||`` near 1 (so that the margin is
meaningful). Here the rule is applied online, one example at a time in a new random order each
epoch, with ``eta_e = eta / sqrt(e)`` in epoch ``e = 1, 2, ...``. The paper also adapts
``gamma`` during training; here ``gamma`` is a fixed hyperparameter.

Features are used as given; standardise them first (``StandardScaler`` in a ``Pipeline``),
since ``z`` is normalised to unit length after appending the constant 1.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._validation import nonnegative_float, positive_float, positive_int
from ._validation import validate_data

__all__ = ["PDeltaReadout", "PDeltaClassifierReadout"]


@njit(cache=True)
def _pdelta_epochs(Z, T, alpha, order, etas, epsilon, mu, gamma, rho):  # pragma: no cover - numba
    """Online p-delta updates of ``alpha`` (n_outputs, n_perceptrons, d) in place."""
    n_out, n_perc, d = alpha.shape
    act = np.empty(n_perc)
    for e in range(order.shape[0]):
        eta = etas[e]
        for r in range(order.shape[1]):
            m = order[e, r]
            for k in range(n_out):
                p = 0.0
                for i in range(n_perc):
                    a = 0.0
                    for c in range(d):
                        a += alpha[k, i, c] * Z[m, c]
                    act[i] = a
                    p += 1.0 if a >= 0.0 else -1.0
                out = min(1.0, max(-1.0, p / rho))
                o = T[m, k]
                for i in range(n_perc):
                    a = act[i]
                    if out > o + epsilon and a >= 0.0:
                        g = -1.0
                    elif out < o - epsilon and a < 0.0:
                        g = 1.0
                    elif out <= o + epsilon and 0.0 <= a < gamma:
                        g = mu
                    elif out >= o - epsilon and -gamma < a < 0.0:
                        g = -mu
                    else:
                        g = 0.0
                    norm2 = 0.0
                    for c in range(d):
                        norm2 += alpha[k, i, c] * alpha[k, i, c]
                    shrink = 1.0 - eta * (norm2 - 1.0)
                    for c in range(d):
                        alpha[k, i, c] = shrink * alpha[k, i, c] + eta * g * Z[m, c]


def _inputs(X: np.ndarray) -> np.ndarray:
    """``z``: the features with a constant 1 appended, scaled to unit length."""
    Z = np.hstack([X, np.ones((X.shape[0], 1))])
    return Z / np.linalg.norm(Z, axis=1, keepdims=True)


class _PDeltaBase(BaseEstimator):
    """Shared training of the p-delta readouts (abstract: use the subclasses)."""

    def _check_params(self) -> dict:
        n = positive_int(self.n_perceptrons, "n_perceptrons")
        return {
            "n": n,
            "eta": positive_float(self.eta, "eta"),
            "mu": nonnegative_float(self.mu, "mu"),
            "gamma": nonnegative_float(self.gamma, "gamma"),
            "epochs": positive_int(self.epochs, "epochs"),
        }

    def _train(self, X: np.ndarray, T: np.ndarray, rho: float, epsilon: float, p: dict):
        rng = check_random_state(self.random_state)
        Z = _inputs(X)
        alpha = rng.standard_normal((T.shape[1], p["n"], Z.shape[1]))
        alpha /= np.linalg.norm(alpha, axis=2, keepdims=True)
        order = np.stack([rng.permutation(X.shape[0]) for _ in range(p["epochs"])])
        etas = p["eta"] / np.sqrt(np.arange(1, p["epochs"] + 1))
        _pdelta_epochs(Z, np.ascontiguousarray(T, dtype=np.float64), alpha,
                       order.astype(np.int64), etas, float(epsilon), float(p["mu"]),
                       float(p["gamma"]), float(rho))
        self.coef_ = alpha
        self.n_iter_ = p["epochs"]

    def _votes(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Votes ``p`` and summed activations, each (n_samples, n_outputs)."""
        check_is_fitted(self, "coef_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        act = np.einsum("mc,kic->mki", _inputs(X), self.coef_)
        return np.where(act >= 0, 1.0, -1.0).sum(axis=2), act.sum(axis=2)


class PDeltaReadout(RegressorMixin, _PDeltaBase):
    r"""Parallel perceptron regressor trained by the p-delta rule.

    The targets are mapped linearly from ``[min(y), max(y)]`` (of the training data, per
    target) to ``[-1, 1]``; the prediction is the squashed vote ``clip(p / rho, -1, 1)``
    mapped back, so predictions stay within the training range with resolution
    ``(max - min) / rho``. Each target gets its own parallel perceptron. Equations in
    :mod:`liquidstate.readouts.pdelta`.

    Parameters
    ----------
    n_perceptrons : int
        Perceptrons per output.
    rho : int, optional
        Resolution of the squashing function (default ``n_perceptrons``).
    eta : float
        Initial learning rate; ``eta / sqrt(e)`` in epoch ``e``.
    epsilon : float, optional
        Desired accuracy on the ``[-1, 1]`` scale (default ``1 / rho``, the best the
        resolution allows).
    mu : float
        Weight of the margin updates.
    gamma : float
        Margin (on unit-length inputs and weights).
    epochs : int
        Passes over the training data.
    random_state : int, RandomState or None
        Seeds the initial weights and the order of the examples.

    Attributes
    ----------
    coef_ : ndarray (n_targets, n_perceptrons, n_features + 1)
        Weights; the last column acts on the constant input (threshold).
    y_min_, y_max_ : ndarray (n_targets,)
    n_iter_ : int
    n_features_in_ : int
    """

    def __init__(self, n_perceptrons: int = 21, rho: int | None = None, eta: float = 0.05,
                 epsilon: float | None = None, mu: float = 1.0, gamma: float = 0.1,
                 epochs: int = 100, random_state=None):
        self.n_perceptrons = n_perceptrons
        self.rho = rho
        self.eta = eta
        self.epsilon = epsilon
        self.mu = mu
        self.gamma = gamma
        self.epochs = epochs
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"multioutput": True}

    def fit(self, X, y):
        """Train on ``(X, y)``. Returns ``self``."""
        p = self._check_params()
        rho = p["n"] if self.rho is None else positive_float(self.rho, "rho")
        eps = 1.0 / rho if self.epsilon is None else nonnegative_float(self.epsilon, "epsilon")
        X, y = validate_data(self, X, y, reset=True, dtype=np.float64, multi_output=True,
                             y_numeric=True)
        Y = y[:, None] if y.ndim == 1 else y
        self._multi_output = y.ndim == 2
        self.y_min_, self.y_max_ = Y.min(axis=0), Y.max(axis=0)
        span = np.where(self.y_max_ > self.y_min_, self.y_max_ - self.y_min_, 1.0)
        T = 2.0 * (Y - self.y_min_) / span - 1.0
        self.rho_ = float(rho)
        self._train(X, T, rho, eps, p)
        return self

    def predict(self, X) -> np.ndarray:
        """The squashed vote mapped to the target range."""
        votes, _ = self._votes(X)
        out = np.clip(votes / self.rho_, -1.0, 1.0)
        span = self.y_max_ - self.y_min_
        pred = self.y_min_ + (out + 1.0) / 2.0 * span
        return pred if self._multi_output else pred[:, 0]


class PDeltaClassifierReadout(ClassifierMixin, _PDeltaBase):
    r"""Parallel perceptron classifier trained by the p-delta rule.

    Two classes: one parallel perceptron with target ``+1`` for ``classes_[1]``, ``-1``
    otherwise, and the majority vote as output (``rho = 1``). More classes: one parallel
    perceptron per class (one-vs-rest), and the class with most votes wins. Ties between
    votes are broken by the summed activations ``sum_i alpha_i . z``. Equations in
    :mod:`liquidstate.readouts.pdelta`.

    Parameters
    ----------
    n_perceptrons : int
        Perceptrons per parallel perceptron (odd avoids tied votes).
    eta : float
        Initial learning rate; ``eta / sqrt(e)`` in epoch ``e``.
    epsilon : float
        Accuracy of the output (a tied vote, output 0, is an error for ``epsilon < 1``).
    mu : float
        Weight of the margin updates.
    gamma : float
        Margin (on unit-length inputs and weights).
    epochs : int
        Passes over the training data.
    random_state : int, RandomState or None
        Seeds the initial weights and the order of the examples.

    Attributes
    ----------
    classes_ : ndarray (n_classes,)
    coef_ : ndarray (n_outputs, n_perceptrons, n_features + 1)
        ``n_outputs`` is 1 for two classes, else ``n_classes``.
    n_iter_ : int
    n_features_in_ : int
    """

    def __init__(self, n_perceptrons: int = 7, eta: float = 0.1, epsilon: float = 0.05,
                 mu: float = 1.0, gamma: float = 0.05, epochs: int = 100, random_state=None):
        self.n_perceptrons = n_perceptrons
        self.eta = eta
        self.epsilon = epsilon
        self.mu = mu
        self.gamma = gamma
        self.epochs = epochs
        self.random_state = random_state

    def fit(self, X, y):
        """Train on ``(X, y)``. Returns ``self``."""
        p = self._check_params()
        eps = nonnegative_float(self.epsilon, "epsilon")
        X, y = validate_data(self, X, y, reset=True, dtype=np.float64)
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        self.classes_, idx = np.unique(y, return_inverse=True)
        if self.classes_.size < 2:
            raise ValueError(f"{type(self).__name__} needs samples of at least 2 classes, "
                             f"got 1 class: {self.classes_.tolist()}")
        T = -np.ones((y.size, self.classes_.size))
        T[np.arange(y.size), idx] = 1.0
        if self.classes_.size == 2:
            T = T[:, 1:]
        self._train(X, T, 1.0, eps, p)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Votes plus ``0.5 tanh(summed activation)`` (the tie-breaker): (n_samples,) for two
        classes, else (n_samples, n_classes)."""
        votes, act = self._votes(X)
        d = votes + 0.5 * np.tanh(act)
        return d[:, 0] if d.shape[1] == 1 else d

    def predict(self, X) -> np.ndarray:
        """Majority vote (two classes) or the class with most votes (one-vs-rest)."""
        d = self.decision_function(X)
        idx = (d > 0).astype(np.int64) if d.ndim == 1 else np.argmax(d, axis=1)
        return self.classes_[idx]
