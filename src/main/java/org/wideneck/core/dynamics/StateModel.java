package org.wideneck.core.dynamics;

import java.io.Serializable;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.parallel.Workers;

/**
 * What turns a point's state into its output F_t, wherever the point is evaluated: for `inf` the state is
 * F itself (width dr); for a bottleneck it is g (width d) and F_t = f_t(g) against the history
 * ({@link OutputFunction}, eq 44). Sent to Spark executors.
 *
 * @param net the initial network f_0 comes from; null for `inf`
 */
public record StateModel(boolean infinite, int width, double mu, KernelPath path, InitialNetwork net) implements Serializable {
    /** F_t at rows points with the given state (rows×width); for `inf` the state array itself. */
    public double[] outputs(HistoryView history, double[] state, int rows, Workers workers) {
        return infinite ? state : OutputFunction.at(net, history, mu, state, rows, path, workers);
    }

    /** The matrix-product flops of {@link #outputs} for rows points. */
    public long outputFlops(long historySize, long rows) {
        return infinite ? 0 : OutputFunction.flops(net, historySize, rows);
    }
}
