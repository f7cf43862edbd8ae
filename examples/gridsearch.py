"""Tuning a liquid with scikit-learn: GridSearchCV over the liquid's and the readout's parameters.

An LSM is a scikit-learn Pipeline: ``LiquidTransformer`` (draws the network in ``fit``; encodes,
simulates and extracts the liquid states in ``transform``), a ``StandardScaler`` and a ridge
classifier. ``GridSearchCV`` reaches the liquid's parameters through the step's name, e.g.
``liquidtransformer__network__weight_scale`` (the scale of the recurrent synapses of the
Maass 2002 column), beside the readout's ``ridgeclassifier__alpha``. The search uses the
training runs only (3-fold cross-validation); the held-out runs score the chosen model once.
``transform`` is stateless, so the pipeline caches the liquid's states on disk
(``memory=``): each liquid is simulated once per fold, not once per readout penalty.

The task: 5 jittered spike templates (Maass 2002; 20 Hz, 0.5 s, jitter SD 8 ms), named from
the liquid state (spikes filtered with tau = 30 ms) at the end of each run. About 10 s.

Run: python examples/gridsearch.py
"""

import tempfile

import numpy as np
from sklearn.linear_model import RidgeClassifier
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from liquidstate.datasets import spike_templates
from liquidstate.estimators import LiquidTransformer
from liquidstate.network.specs import Maass2002

X, y = spike_templates(n_templates=5, n_runs=200, jitter=8e-3, seed=0)
idx_train, idx_test = train_test_split(np.arange(len(y)), test_size=0.35, random_state=0,
                                       stratify=y)
X_train, X_test, y_train, y_test = X[idx_train], X[idx_test], y[idx_train], y[idx_test]

cache = tempfile.TemporaryDirectory(prefix="liquidstate-gridsearch-")
lsm = make_pipeline(LiquidTransformer(network=Maass2002(), random_state=0), StandardScaler(),
                    RidgeClassifier(), memory=cache.name)
grid = {"liquidtransformer__network__weight_scale": [0.5, 1.0, 2.0],
        "ridgeclassifier__alpha": [1.0, 100.0, 10_000.0]}
search = GridSearchCV(lsm, grid, cv=3).fit(X_train, y_train)

print("mean cross-validated accuracy (training runs):")
print("weight_scale  " + "  ".join(f"alpha={a:<7g}" for a in grid["ridgeclassifier__alpha"]))
score = {(p["liquidtransformer__network__weight_scale"], p["ridgeclassifier__alpha"]): s
         for p, s in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"])}
for w in grid["liquidtransformer__network__weight_scale"]:
    print(f"{w:12g}  " + "  ".join(f"{score[w, a]:13.3f}" for a in grid["ridgeclassifier__alpha"]))
print("best:", search.best_params_, f"cv accuracy {search.best_score_:.3f}")
print(f"held-out accuracy of the refitted best model: {search.score(X_test, y_test):.3f}")
cache.cleanup()
