package org.wideneck.core.dynamics;

/**
 * The initial state of points given their inputs — g_0 (bottleneck, SPEC §3) or F_0 (`inf`) — for
 * training points whose initial state is computed only when they are first read (a run that is lazy from
 * its first step, see {@code core.loop.EmbeddingUpdate}: a run short of an epoch never computes g_0 at the
 * points it does not draw or evaluate).
 */
public interface InitialStates {
    /** The initial state at rows inputs xi (rows×d0), a fresh rows×width array. */
    double[] at(double[] xi, int rows);

    /** The matrix-product flops of {@link #at} for rows points. */
    long flops(long rows);
}
