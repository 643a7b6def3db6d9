package org.wideneck.core.dynamics;

import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Split;
import org.wideneck.core.data.Evaluation;

/**
 * One training run advanced step by step: the function-space simulation at a finite bottleneck, the
 * `inf` kernel-SGD baseline, or the finite-width network in parameter space.
 */
public interface Simulation {
    /** Advances one SGD step on the given training indices (SPEC §4). */
    void step(int[] batch);

    /** F_t at every point of the split, N×dr (a fresh array). */
    double[] outputs(Split split);

    /** F_t at the given rows of the split, rows.length×dr (a fresh array); simulators avoid computing the rest. */
    default double[] outputs(Split split, int[] rows, int dr) {
        double[] all = outputs(split);
        return org.wideneck.core.linalg.Rows.gather(all, dr, rows);
    }

    /** Loss and accuracy of the split now. */
    default Evaluation evaluate(Dataset data, Split split) {
        return data.evaluate(outputs(split));
    }

    /** Loss and accuracy at the given rows of the split; subset holds those rows' points and targets. */
    default Evaluation evaluate(Dataset subset, Split split, int[] rows) {
        return subset.evaluate(outputs(split, rows, subset.dr()));
    }

    /**
     * The mean ½|F_b − y_b|² over the last step's batch, from the outputs before that step's update
     * (NaN before the first step or where a simulation does not track it); the training loop stops a run
     * whose batch loss grows far past its start.
     */
    default double lastBatchLoss() {
        return Double.NaN;
    }

    /** (B/2)·Σ χ², the batch mean of ½|F − y|² given χ = (F − y)/B of a batch of b points. */
    static double batchLoss(double[] chi, int b) {
        double s = 0;
        for (double v : chi) s += v * v;
        return 0.5 * b * s;
    }

    /**
     * The bottleneck embeddings g_t at the given training rows (rows.length×d, a fresh array), or null when
     * the simulation has no finite bottleneck (`inf`).
     */
    default double[] embeddings(int[] rows) {
        return null;
    }

    /**
     * Writes what a checkpoint needs to continue this run bitwise as if uninterrupted (the state the
     * steps change; the initial network is rebuilt from the run's plan). Read back by
     * {@code RunExecutor.restore}. Does not change the simulation.
     *
     * @throws UnsupportedOperationException where a simulation cannot be checkpointed
     */
    default void saveState(org.wideneck.core.checkpoint.StateOutput out) throws java.io.IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
    }

    /**
     * Tells the simulation the batches of coming steps ({@code peek.apply(k)}: the next k), so state kept
     * elsewhere can be fetched for a whole period at once. Results do not depend on it.
     */
    default void lookahead(java.util.function.IntFunction<int[][]> peek) {}

    /**
     * Whether the deferred training-point updates recorded from the next step on are applied lazily (to a
     * point when it is read) or eagerly (to every point); see {@code core.run.EmbeddingUpdate}. Simulations
     * without deferred updates ignore it.
     */
    default void lazyTrainUpdates(boolean lazy) {}

    /**
     * Records, from now on, what {@link #trajectory} hands out: every update the test points receive, grouped
     * as applied. Called before the first step (a run restored from a checkpoint that recorded keeps its
     * record).
     *
     * @throws UnsupportedOperationException where a simulation has no trajectory (the finite network: its
     *                                       model is its weights)
     */
    default void recordTrajectory() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no function-space trajectory");
    }

    /**
     * The trajectory recorded since {@link #recordTrajectory}, with the test updates still pending as a last
     * group: with the run's initial state it gives F_t at any point.
     */
    default Trajectory trajectory() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no function-space trajectory");
    }

    /**
     * Seconds the training steps spent in each part since this object was made (a run continued from a
     * checkpoint counts from the restart), in a fixed order; empty where a simulation does not time its parts.
     */
    default java.util.Map<String, Double> stepSeconds() {
        return java.util.Map.of();
    }

    /** Matrix-product flops done so far (2·m·n·k per product). */
    long matrixFlops();
}
