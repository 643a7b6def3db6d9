package org.wideneck.core.kernel;

import org.wideneck.core.linalg.Simd;

/**
 * Which implementation of the blocked kernel loops a run uses: {@link #SIMD} (lanes of {@code jdk.incubator.vector},
 * e.g. {@link ReluSimd}, {@link ErfSimd}) or {@link #SCALAR} (the reference loops, e.g. {@link ReluLoops},
 * {@link ErfLoops}). Every kernel method that takes a path modifies the arrays its scalar loop names; the two
 * paths perform the same operations in the same order.
 */
public enum KernelPath {
    SIMD, SCALAR;

    /** Whether the SIMD path is in use (fixed at class load: the module is there and its loops check out, or not). */
    private static final boolean VECTORIZED = vectorAvailable();

    private static boolean vectorAvailable() {
        if (!Simd.moduleUsable()) return false;
        try {
            return ReluSimd.selfCheck();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** SIMD when the Vector API is present (and {@code -Dwideneck.scalar} is not set), else SCALAR. */
    public static KernelPath best() {
        return VECTORIZED ? SIMD : SCALAR;
    }
}
