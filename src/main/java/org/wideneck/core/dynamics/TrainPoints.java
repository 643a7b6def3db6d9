package org.wideneck.core.dynamics;

/**
 * Where the training points' state (g, or F for `inf`) lives between applications of the deferred eq 42
 * updates: the simulator's own N×width array ({@link PointStates}'s default), or cached blocks on Spark
 * executors ({@code spark.train-points = blocks}), of which the driver holds only the rows the coming
 * steps draw. The state is the one as of the last {@link #apply}; the updates recorded since are the
 * caller's. Every implementation gives a point the same bits.
 */
public interface TrainPoints {
    /** The state at the given training rows as of the last apply (a fresh rows.length×width array). */
    double[] rows(int[] rows);

    /**
     * Applies update sources to every training point (possibly none: then only the hint is taken).
     *
     * @param expected the rows {@link #rows} will be asked for before the next apply (a hint; null = unknown)
     * @return matrix-product flops done
     */
    long apply(UpdateSources u, int[] expected);

    /** The state of all N points (a fresh copy or the live array: read, do not keep). */
    double[] all();

    /** Releases what is held elsewhere. */
    default void close() {}
}
