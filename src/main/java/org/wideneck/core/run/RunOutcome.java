package org.wideneck.core.run;

import java.io.Serializable;
import java.util.List;

/**
 * What a run produced: its metric rows, seconds spent training (evaluation excluded) and evaluating,
 * wall seconds, matrix-product flops, the mean seconds of the last {@link TrainingLoop#TAIL_STEPS} steps
 * (the step time at the largest history), how it ended ({@code diverged} names the step, else null), and
 * the feature diagnostics of each evaluation (empty when not recorded).
 */
public record RunOutcome(List<MetricPoint> metrics, int stepsDone, double trainSeconds, double evalSeconds,
                         double wallSeconds, long matrixFlops, double finalStepSeconds, String diverged,
                         List<FeatureDiagnostics.FeaturePoint> features)
        implements Serializable {}
