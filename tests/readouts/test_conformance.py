"""scikit-learn's estimator checks over every built-in readout."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from liquidstate.readouts import (PDeltaClassifierReadout, PDeltaReadout,
                                  RidgeClassifierReadout, RidgeReadout, RLSReadout)

READOUTS = [
    RidgeReadout(),
    RidgeReadout(alphas=1.0, fit_intercept=False, alpha_per_target=True),
    RidgeClassifierReadout(),
    RidgeClassifierReadout(class_weight="balanced"),
    RLSReadout(),
    RLSReadout(forgetting=0.99),
    PDeltaReadout(epochs=30),
    PDeltaClassifierReadout(epochs=30),
]


# The ridge readouts' ``cv`` names how alpha is chosen ('auto', 'loo', 'gcv'), not a splitter:
# this check sets ``cv`` to a list of splits, which fit refuses. Frequency weights are checked
# in tests/readouts/test_linear.py (exact for GCV and the solution; leave-one-out with weights
# follows scikit-learn's RidgeCV, whose residuals are not those of repeated samples).
RIDGE_CV_IS_NOT_A_SPLITTER = {
    "check_sample_weight_equivalence_on_dense_data":
        "cv selects the criterion ('auto', 'loo', 'gcv'), not CV splits",
}


def expected_failed_checks(estimator) -> dict:
    if isinstance(estimator, RidgeClassifierReadout) and estimator.class_weight == "balanced":
        # 'balanced' weights need all labels at once, so partial_fit refuses them with a
        # ValueError; these checks call partial_fit.
        refused = "class_weight='balanced' is refused by partial_fit"
        return {
            "check_fit_score_takes_y": refused,
            "check_n_features_in_after_fitting": refused,
            "check_estimators_partial_fit_n_features": refused,
            # 'balanced' weights come from the class counts, which repeating samples changes
            # but weighting them does not (scikit-learn's RidgeClassifier behaves the same).
            "check_sample_weight_equivalence_on_dense_data":
                "'balanced' class weights depend on counts, not on sample weights",
        }
    if isinstance(estimator, (RidgeReadout, RidgeClassifierReadout)):
        return dict(RIDGE_CV_IS_NOT_A_SPLITTER)
    return {}


@parametrize_with_checks(READOUTS, expected_failed_checks=expected_failed_checks)
def test_sklearn_conformance(estimator, check):
    check(estimator)
