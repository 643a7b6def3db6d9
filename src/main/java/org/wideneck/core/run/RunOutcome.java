package org.wideneck.core.run;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wideneck.core.loop.FeatureDiagnostics;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.loop.TrainingLoop;

/**
 * What a run produced: its metric rows, seconds spent training (evaluation excluded) and evaluating, wall seconds,
 * matrix-product flops, the mean seconds of the last {@link TrainingLoop#TAIL_STEPS} steps (the step time at the
 * largest history), why it stopped early ({@code stopped}: a divergence naming the step, or {@link StopRequest#REASON}
 * when interrupted; null when it ran all its steps), the feature diagnostics of each
 * evaluation (empty when not recorded), where its trained model was saved ({@code model}: a location, "not written:
 * …", or null when none was asked for), and the training steps' seconds by part (empty where not timed).
 */
public record RunOutcome(List<MetricPoint> metrics, int stepsDone, double trainSeconds, double evalSeconds, double wallSeconds,
                         long matrixFlops, double finalStepSeconds, String stopped, List<FeatureDiagnostics.FeaturePoint> features,
                         String model, Map<String, Double> stepSeconds) implements Serializable {
    public RunOutcome {
        stepSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(stepSeconds));
    }

    /** The same outcome with what became of its model: where it was saved, or "not written: …". */
    public RunOutcome withModel(String where) {
        return new RunOutcome(metrics, stepsDone, trainSeconds, evalSeconds, wallSeconds, matrixFlops, finalStepSeconds, stopped, features,
                where, stepSeconds);
    }

    /** Whether it was stopped by request before its last step (it continues from its checkpoint when resumed). */
    public boolean interrupted() {
        return StopRequest.REASON.equals(stopped);
    }

    /** The divergence that stopped it, naming the step; null when it did not diverge. */
    public String diverged() {
        return interrupted() ? null : stopped;
    }
}
