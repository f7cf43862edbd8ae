"""Readouts: the trained part of a Liquid State Machine, as scikit-learn estimators.

Any scikit-learn estimator is a readout (e.g. ``LogisticRegression``, see
:func:`logistic_readout`). Built in:

- :class:`RidgeReadout`, :class:`RidgeClassifierReadout`: ridge regression / one-vs-all ridge
  classification from accumulated sufficient statistics (``partial_fit``, :meth:`merge`
  across workers), the penalty chosen by exact leave-one-out in ``fit`` and by generalised
  cross-validation from the statistics when streaming;
- :class:`PDeltaReadout`, :class:`PDeltaClassifierReadout`: parallel perceptrons trained by the
  p-delta rule (Auer, Burgsteiner & Maass 2008);
- :class:`RLSReadout`: recursive least squares for online learning.

All take features as given: put a ``StandardScaler`` in front when their scales differ.
"""

from .linear import (DEFAULT_ALPHAS, RidgeClassifierReadout, RidgeReadout, RidgeStatistics,
                     logistic_readout, sum_statistics)
from .online import RLSReadout
from .pdelta import PDeltaClassifierReadout, PDeltaReadout

__all__ = ["RidgeReadout", "RidgeClassifierReadout", "RidgeStatistics", "sum_statistics",
           "DEFAULT_ALPHAS", "logistic_readout", "PDeltaReadout", "PDeltaClassifierReadout",
           "RLSReadout"]
