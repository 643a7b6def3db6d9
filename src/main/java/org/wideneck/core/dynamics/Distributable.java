package org.wideneck.core.dynamics;

/**
 * A simulation whose evaluations can run elsewhere (Spark executors): it hands out the test points'
 * state once, then the update sources of every step since the last hand-out, the training points'
 * current state, and the history, and the evaluating side computes outputs with its {@link StateModel}.
 */
public interface Distributable extends Simulation {
    /** How the points' state becomes outputs (and its width, learning rate, kernel path). */
    StateModel stateModel();

    /** The SGD history; null for `inf`. */
    History history();

    /**
     * The test points' state (a copy) without the updates still pending. From then on the simulation stops
     * updating its own copy and keeps the update sources for {@link #drainTestUpdates}, the first call
     * returning the pending ones too; its outputs(TEST) is no longer available.
     */
    double[] detachTest();

    /** The test updates of the steps since the last call (or those pending at {@link #detachTest}). */
    UpdateSources drainTestUpdates();

    /**
     * As {@link Simulation#saveState}, with the test points' state given by the caller (their state at
     * the last drain, kept elsewhere since {@link #detachTest}); null = the simulation's own.
     */
    void saveState(org.wideneck.core.checkpoint.StateOutput out, double[] testState) throws java.io.IOException;

    @Override
    default void saveState(org.wideneck.core.checkpoint.StateOutput out) throws java.io.IOException {
        saveState(out, null);
    }

    /**
     * Moves the training points' state elsewhere (see {@link TrainPoints}): {@code where} receives the
     * state as of the last application of the deferred updates; results stay bitwise the same.
     */
    void moveTrain(java.util.function.Function<double[], TrainPoints> where);

    /** The current state at the given training points, rows.length×stateWidth. */
    double[] trainState(int[] rows);
}
