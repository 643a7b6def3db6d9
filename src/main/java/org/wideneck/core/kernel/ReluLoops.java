package org.wideneck.core.kernel;

import static org.wideneck.core.kernel.Relu.INV_TWO_PI;

/**
 * The scalar loops of {@link Relu} over blocks of vector pairs, given their raw dot products x_i·y_j and squared
 * norms (SPEC §2): the reference {@link ReluSimd} is tested against and the path without the Vector API. These
 * are the elementwise hot loops between the matrix products of a step (SPEC §4); each method states the arrays
 * it modifies.
 */
final class ReluLoops {
    private ReluLoops() {}

    /** z[i] := max(z[i], 0) for i in [from, to), +0.0 where z is not &gt; 0 (NaN and −0.0 included). Modifies z. */
    static void phi(double[] z, int from, int to) {
        for (int i = from; i < to; i++) if (!(z[i] > 0.0)) z[i] = 0.0;
    }

    /** target[tOff + i] := 0 where z[zOff + i] is not &gt; 0, for i in [from, to). Modifies target only. */
    static void mask(double[] z, int zOff, double[] target, int tOff, int from, int to) {
        for (int i = from; i < to; i++) if (!(z[zOff + i] > 0.0)) target[tOff + i] = 0.0;
    }

    /**
     * K, and the coefficients α, β of Ξ(x_i, y_j) = α·y_j + β·x_i, for every pair; K only when alpha is null.
     *
     * @param block modified: on entry the dot products, on exit K
     * @param alpha modified unless null: α of every pair (rows×cols)
     * @param beta  modified unless null: β of every pair (rows×cols)
     */
    static void ntkAndXi(double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms, int rowOff,
                         double[] colNorms, int colOff, int m) {
        double invM = 1.0 / m;
        for (int i = 0; i < rows; i++) {
            ntkAndXiRow(block, alpha, beta, i * cols, cols, rowNorms[rowOff + i] * invM, colNorms, colOff, invM);
        }
    }

    /** K, α, β over len pairs of one row from index p0. Modifies block, and alpha, beta unless null (K only). */
    static void ntkAndXiRow(double[] block, double[] alpha, double[] beta, int p0, int len, double a, double[] colNorms, int c0,
                            double invM) {
        double tol = Relu.PARALLEL_TOL;
        for (int t = 0; t < len; t++) {
            int p = p0 + t;
            double b = colNorms[c0 + t] * invM;
            double c = block[p] * invM;
            double sab = Math.sqrt(a * b);
            if (!(sab > 0.0)) {
                block[p] = 0.0;
                if (alpha != null) {
                    alpha[p] = 0.0;
                    beta[p] = 0.0;
                }
                continue;
            }
            double r = c / sab;
            r = r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
            double q = (1.0 - r) * (1.0 + r);
            double s = sab * Math.sqrt(q > 0.0 ? q : 0.0);
            double pmt = Math.PI - Math.acos(r);
            block[p] = (s + 2.0 * c * pmt) * INV_TWO_PI;
            if (alpha == null) continue;
            double twoSdOverM = pmt * (INV_TWO_PI * 2.0 * invM);
            if (s > tol * sab) {
                double k = INV_TWO_PI * invM / s;
                alpha[p] = twoSdOverM + c * k;
                beta[p] = (s * s - c * c) * k / a;
            } else {
                alpha[p] = twoSdOverM;
                beta[p] = 0.0;
            }
        }
    }

    /**
     * Σ and Σ̇ of (a, b[j], c[j]) for j in [from, to), the operations of {@link Relu#sigma} and {@link Relu#sigmaDot}.
     * Modifies sigma and dot.
     */
    static void sigmaRow(double a, double[] b, double[] c, double[] sigma, double[] dot, int from, int to) {
        for (int j = from; j < to; j++) {
            double sab = Math.sqrt(a * b[j]);
            if (!(a > 0.0) || !(b[j] > 0.0)) {
                sigma[j] = 0.0;
                dot[j] = 0.0;
                continue;
            }
            double r = c[j] / sab;
            r = r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
            double q = (1.0 - r) * (1.0 + r);
            double s = sab * Math.sqrt(q > 0.0 ? q : 0.0);
            double pmt = Math.PI - Math.acos(r);
            sigma[j] = (s + c[j] * pmt) * INV_TWO_PI;
            dot[j] = pmt * INV_TWO_PI;
        }
    }

    /**
     * Θ_∞ of a one-hidden-layer g for every pair of inputs ({@link Relu#thetaInfinity}).
     *
     * @param block modified: on entry the dot products ξ_i·ξ̃_j, on exit Θ_∞
     */
    static void thetaInfinity(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0) {
        double invM = 1.0 / d0;
        for (int i = 0; i < rows; i++) {
            double a0 = rowNorms[rowOff + i] * invM;
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                double b0 = colNorms[colOff + j] * invM;
                block[o + j] = Relu.INSTANCE.thetaInfinity(a0, b0, block[o + j] * invM);
            }
        }
    }
}
