package org.wideneck.core.sim;

import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.KernelPath;

/**
 * A simulation whose evaluations can run elsewhere (Spark executors): it hands out the test points'
 * state once, then the update sources of every step since the last hand-out, the training points'
 * current state, and the history, and the evaluating side computes outputs with {@link #outputs}.
 */
public interface Distributable extends Simulation {
    /** True for `inf` (the state is F itself); false for a bottleneck (the state is g). */
    boolean infinite();

    /** Columns of the state: d, or dr for `inf`. */
    int stateWidth();

    double learningRate();

    KernelPath path();

    /** The initial network f_0 is evaluated with; null for `inf`. */
    InitialNetwork network();

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

    /**
     * F_t at points with the given state (rows×width): the state itself for `inf`, f_t of it otherwise
     * ({@link OutputFunction}, against the given history).
     */
    static double[] outputs(boolean infinite, InitialNetwork net, HistoryView history, double mu, double[] state, int rows,
                            KernelPath path, Workers workers) {
        return infinite ? state : OutputFunction.at(net, history, mu, state, rows, path, workers);
    }
}
