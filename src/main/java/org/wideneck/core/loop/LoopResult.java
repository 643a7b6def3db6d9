package org.wideneck.core.loop;

import java.util.Map;

/**
 * What the loop itself measured of a run: the steps done, seconds spent stepping, wall seconds, matrix-product
 * flops, the mean seconds of the last {@link TrainingLoop#TAIL_STEPS} steps (the step time at the largest history),
 * why it stopped early ({@code stopped}: a divergence naming the step, or {@link StopRequest#REASON}; null when it ran
 * all its steps), and the steps' seconds by part (empty when the simulation does not time them).
 */
public record LoopResult(int steps, double trainSeconds, double wallSeconds, long matrixFlops, double finalStepSeconds, String stopped,
                         Map<String, Double> stepSeconds) {}
