package org.wideneck.core.dynamics;

import java.io.Serializable;
import org.wideneck.core.parallel.Workers;

/**
 * What turns a point's held state into its output F_t, wherever the point is evaluated: the rule its state moves
 * by, and for a bottleneck the output function f_t against the history ({@link OutputFunction}, eq 44); for `inf`
 * the state is F itself. Sent to Spark executors.
 *
 * @param output f_t of a bottleneck; null for `inf`
 */
public record StateModel(StateUpdate update, OutputFunction output) implements Serializable {
    /** F_t after t steps at rows points with the given held state (rows×stride); for `inf` the state's values. */
    public double[] outputs(HistoryView history, int t, double[] state, int rows, Workers workers) {
        double[] values = update.values(state, rows);
        return output == null ? values : output.at(history, t, values, rows, workers);
    }

    /** The matrix-product flops of {@link #outputs} for rows points. */
    public long outputFlops(long historySize, long rows) {
        return output == null ? 0 : output.flops(historySize, rows);
    }

    /** Doubles of held state a point has. */
    public int stride() {
        return update.stride();
    }
}
