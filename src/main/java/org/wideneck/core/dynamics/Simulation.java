package org.wideneck.core.dynamics;

import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.Split;

/**
 * One training run advanced step by step: the function-space simulation at a finite bottleneck, the `inf` kernel-SGD
 * baseline, or the finite-width network in parameter space. What a simulation can do beyond stepping and being
 * evaluated is an interface it implements: {@link LocalOutputs} (its outputs here), {@link Checkpointable},
 * {@link TrajectoryRecorder}, {@link EmbeddingView}, {@link DeferredUpdates}, {@link Timed}, {@link Distributable}
 * (evaluated elsewhere).
 */
public interface Simulation {
    /** Advances one SGD step on the given training indices (SPEC §4). */
    void step(int[] batch);

    /**
     * Loss and accuracy of the split now (SPEC §5): over all its points (rows null; data is the split), or over the
     * given rows of it (data holds those points and their targets).
     */
    Evaluation evaluate(Dataset data, Split split, int[] rows);

    /**
     * The mean loss over the last step's batch, from the outputs before that step's update (NaN before the first
     * step); the training loop stops a run whose batch loss grows far past its start.
     */
    double lastBatchLoss();

    /** Matrix-product flops done so far (2·m·n·k per product). */
    long matrixFlops();
}
