package org.wideneck.core.dynamics;

import java.io.IOException;
import java.util.function.Function;
import org.wideneck.core.checkpoint.StateOutput;

/**
 * A function-space simulation whose evaluations can run elsewhere (Spark executors): it hands out the test points'
 * held state once, then the update sources of every step since the last hand-out, the training points' held state,
 * and the history, and the evaluating side computes outputs with its {@link StateModel}.
 */
public interface Distributable extends LocalOutputs, Checkpointable, TrajectoryRecorder, DeferredUpdates, Timed {
    /** How the points' state becomes outputs (and how it moves). */
    StateModel stateModel();

    /** The SGD history; null for `inf`. */
    History history();

    /** Steps done (the step the history's weights are taken at). */
    int steps();

    /**
     * The test points' held state (a copy) without the updates still pending. From then on the simulation stops
     * updating its own copy and keeps the update sources for {@link #drainTestUpdates}, the first call returning the
     * pending ones too; its outputs(TEST) is no longer available.
     */
    double[] detachTest();

    /** The test updates of the steps since the last call (or those pending at {@link #detachTest}). */
    UpdateSources drainTestUpdates();

    /**
     * As {@link Checkpointable#saveState}, with the test points' held state given by the caller (their state at the
     * last drain, kept elsewhere since {@link #detachTest}); null = the simulation's own.
     */
    void saveState(StateOutput out, double[] testState) throws IOException;

    @Override
    default void saveState(StateOutput out) throws IOException {
        saveState(out, null);
    }

    /**
     * Moves the training points' state elsewhere (see {@link TrainPoints}): {@code where} receives the held state as
     * of the last application of the deferred updates; results stay bitwise the same.
     */
    void moveTrain(Function<double[], TrainPoints> where);

    /** The current held state at the given training points, rows.length×stride. */
    double[] trainState(int[] rows);
}
