package org.wideneck.core.kernel;

import java.io.Serializable;

/**
 * The kernel of two inputs that the eq 42 update of point states uses (SPEC §4): Θ, the NTK of g, for a finite
 * bottleneck ({@link GKernel}), or Θ_∞, the NTK of the whole network, for the infinite one ({@link
 * InfiniteBottleneckKernel}). Evaluated from the inputs' dot products and squared norms, one pair
 * ({@link #value}, the reference) or a block of pairs on the run's {@link KernelPath}.
 */
public interface InputKernel extends Serializable {
    /** The kernel from the input moments a0 = |ξ|²/d0, b0 = |ξ̃|²/d0, c0 = ξ·ξ̃/d0. */
    double value(double a0, double b0, double c0);

    /** The kernel of two input vectors. */
    default double value(double[] x, double[] y) {
        double[] m = Activation.moments(x, y);
        return value(m[0], m[1], m[2]);
    }

    /**
     * The kernel of every pair: block[i·cols + j] := k(ξ_i, ξ̃_j).
     *
     * @param block    modified: on entry the dot products, on exit the kernel values
     * @param rowNorms |ξ_i|² (not divided by d0), from rowOff
     * @param colNorms |ξ̃_j|², from colOff
     */
    void inPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0);

    /** The loops it runs on. */
    KernelPath path();
}
