"""Readouts: the trained part of a Liquid State Machine, as scikit-learn estimators.

Any scikit-learn estimator is a readout (e.g. ``LogisticRegression``, see
:func:`logistic_readout`). Built in:

- :class:`RidgeReadout`, :class:`RidgeClassifierReadout`: ridge regression / one-vs-all ridge
  classification from accumulated sufficient statistics (``partial_fit``, :meth:`RidgeReadout.merge`
  across workers), the penalty chosen from :data:`DEFAULT_ALPHAS` (the project's one grid) by
  exact leave-one-out in ``fit``, by K-fold over groups of samples with ``fit(X, y,
  groups=...)``, and by generalised cross-validation from the statistics when streaming
  (the ``selection`` parameter); ``standardize=True`` divides features by their SD first;
- :class:`PDeltaReadout`, :class:`PDeltaClassifierReadout`: parallel perceptrons trained by the
  p-delta rule (Auer, Burgsteiner & Maass 2008);
- :class:`RLSReadout`: recursive least squares for online learning.

The ridge readouts standardise features with ``standardize=True``; the others take them as
given (put a ``StandardScaler`` in front when their scales differ).
"""

from .linear import (ALPHA_RULES, DEFAULT_ALPHAS, SELECTIONS, RidgeClassifierReadout,
                     RidgeReadout, RidgeStatistics, logistic_readout, sum_statistics)
from .online import RLSReadout
from .pdelta import PDeltaClassifierReadout, PDeltaReadout

__all__ = ["RidgeReadout", "RidgeClassifierReadout", "RidgeStatistics", "sum_statistics",
           "DEFAULT_ALPHAS", "SELECTIONS", "ALPHA_RULES", "logistic_readout", "PDeltaReadout",
           "PDeltaClassifierReadout", "RLSReadout"]
