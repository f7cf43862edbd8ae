"""scikit-learn's estimator checks over every built-in readout."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from liquidstate.readouts import (PDeltaClassifierReadout, PDeltaReadout,
                                  RidgeClassifierReadout, RidgeReadout, RLSReadout)

READOUTS = [
    RidgeReadout(),
    RidgeReadout(alphas=1.0, fit_intercept=False, alpha_per_target=True),
    RidgeClassifierReadout(),
    RidgeClassifierReadout(class_weight="balanced"),
    RidgeReadout(standardize=True),
    RidgeClassifierReadout(standardize=True),
    RLSReadout(),
    RLSReadout(forgetting=0.99),
    PDeltaReadout(epochs=30),
    PDeltaClassifierReadout(epochs=30),
]


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
    return {}


@parametrize_with_checks(READOUTS, expected_failed_checks=expected_failed_checks)
def test_sklearn_conformance(estimator, check):
    check(estimator)
