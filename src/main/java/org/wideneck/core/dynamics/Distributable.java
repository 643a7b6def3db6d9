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
     * The test points' state now (a copy). From then on the simulation stops updating its own copy and
     * keeps the update sources for {@link #drainTestUpdates}; its outputs(TEST) is no longer available.
     */
    double[] detachTest();

    /** The test updates of the steps since the last call (or since {@link #detachTest}). */
    UpdateSources drainTestUpdates();

    /** The current state at the given training points, rows.length×stateWidth. */
    double[] trainState(int[] rows);
}
