package org.wideneck.core.dynamics;

import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Grains;

/**
 * Read access to an SGD history H (SPEC §4) as chunks of at most {@link Grains#HISTORY_CHUNK} rows: x_h (rows×d),
 * χ_h (rows×dr), |x_h|² and the step that made each row. The history sums of eqs 43–44 are reduced chunk by chunk
 * in this order, so two views with the same chunks give bitwise the same sums.
 */
public interface HistoryView {
    int size();

    int chunks();

    /** The width of χ (the outputs, dr). */
    int dr();

    /** Rows in chunk c. */
    int rows(int c);

    double[] x(int c);

    double[] chi(int c);

    double[] norms(int c);

    /** The step that made each row of chunk c. */
    int[] steps(int c);

    /**
     * χ of chunk c as the sums at step t weigh it (SPEC §8.4): c(t − s_h)·χ_h with momentum (a fresh array), χ itself
     * without.
     */
    default double[] weightedChi(int c, int t, Momentum momentum) {
        if (!momentum.active()) return chi(c);
        double[] out = new double[rows(c) * dr()];
        weightChi(c, t, momentum, out);
        return out;
    }

    /** Writes c(t − s_h)·χ_h of chunk c's rows into out (modified: its first rows(c)·dr entries). */
    default void weightChi(int c, int t, Momentum momentum, double[] out) {
        double[] chi = chi(c);
        int r = rows(c), dr = dr();
        int[] st = steps(c);
        int last = -1;
        double w = 0;
        for (int i = 0; i < r; i++) {
            if (st[i] != last) {
                last = st[i];
                w = momentum.weight(t - last);
            }
            for (int k = 0; k < dr; k++) out[i * dr + k] = w * chi[i * dr + k];
        }
    }
}
