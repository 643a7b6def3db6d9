package org.wideneck.core.dynamics;

import org.wideneck.core.parallel.Grains;
/**
 * Read access to an SGD history H (SPEC §4) as chunks of at most {@link Grains#HISTORY_CHUNK} rows: x_h
 * (rows×d), χ_h (rows×dr) and |x_h|². The history sums of eqs 43–44 are reduced chunk by chunk in this
 * order, so two views with the same chunks give bitwise the same sums.
 */
public interface HistoryView {
    int size();

    int chunks();

    /** Rows in chunk c. */
    int rows(int c);

    double[] x(int c);

    double[] chi(int c);

    double[] norms(int c);
}
