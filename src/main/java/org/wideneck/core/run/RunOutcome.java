package org.wideneck.core.run;

import java.io.Serializable;
import java.util.List;

/**
 * What a run produced: its metric rows, seconds spent training (evaluation excluded) and evaluating,
 * wall seconds, matrix-product flops, the mean seconds of the last {@link TrainingLoop#TAIL_STEPS} steps
 * (the step time at the largest history), how it ended ({@code diverged} names the step, else null), and
 * the feature diagnostics of each evaluation (empty when not recorded), and where its trained model was saved
 * ({@code model}: a location, "not written: …", or null when none was asked for), and the training steps'
 * seconds by part ({@link org.wideneck.core.dynamics.Simulation#stepSeconds}; empty where not timed).
 */
public record RunOutcome(List<MetricPoint> metrics, int stepsDone, double trainSeconds, double evalSeconds,
                         double wallSeconds, long matrixFlops, double finalStepSeconds, String diverged,
                         List<FeatureDiagnostics.FeaturePoint> features, String model, java.util.Map<String, Double> stepSeconds)
        implements Serializable {
    public RunOutcome {
        stepSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepSeconds));
    }

    public RunOutcome(List<MetricPoint> metrics, int stepsDone, double trainSeconds, double evalSeconds, double wallSeconds,
                      long matrixFlops, double finalStepSeconds, String diverged, List<FeatureDiagnostics.FeaturePoint> features) {
        this(metrics, stepsDone, trainSeconds, evalSeconds, wallSeconds, matrixFlops, finalStepSeconds, diverged, features, null, java.util.Map.of());
    }

    /** The same outcome with what became of its model: where it was saved, or "not written: …". */
    public RunOutcome withModel(String where) {
        return new RunOutcome(metrics, stepsDone, trainSeconds, evalSeconds, wallSeconds, matrixFlops, finalStepSeconds, diverged, features, where, stepSeconds);
    }
}
