package org.wideneck.core.kernel;

import java.io.Serializable;

/**
 * K, the NTK of the output network f (one hidden layer of φ = {@code activation}, m = d), and the coefficients of
 * Ξ(x, y) = ∂K(x, y)/∂x = α·y + β·x (SPEC §2, §8.1; eqs 43–44). Evaluated for one pair (the reference) or over
 * blocks of pairs from their dot products and squared norms on the run's {@link KernelPath}.
 *
 * @param path the loops blocks are evaluated on
 */
public record FKernel(Activation activation, KernelPath path) implements Serializable {
    /** K from the moments of two bottleneck vectors. */
    public double value(double a, double b, double c) {
        return activation.ntk(a, b, c);
    }

    /** K(x, y) of two bottleneck vectors. */
    public double value(double[] x, double[] y) {
        double[] m = Activation.moments(x, y);
        return activation.ntk(m[0], m[1], m[2]);
    }

    /** Ξ(x, y) = α·y + β·x as a vector. */
    public double[] xi(double[] x, double[] y) {
        double[] m = Activation.moments(x, y), ab = new double[2];
        activation.xi(m[0], m[1], m[2], x.length, ab);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = ab[0] * y[i] + ab[1] * x[i];
        return out;
    }

    /**
     * K of every pair.
     *
     * @param block modified: dot products in, K out
     */
    public void inPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d) {
        activation.ntkBlock(path, block, rows, cols, rowNorms, rowOff, colNorms, colOff, d);
    }

    /**
     * K, α and β of every pair.
     *
     * @param block modified: dot products in, K out
     * @param alpha modified: α of every pair
     * @param beta  modified: β of every pair
     */
    public void withXi(double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms, int rowOff,
                       double[] colNorms, int colOff, int d) {
        activation.ntkAndXiBlock(path, block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, d);
    }
}
