package org.wideneck.core.kernel;

/**
 * Blocked evaluation of the ReLU kernels of {@link ReluKernel} and {@link CompositionNtk} over a
 * rows×cols block of vector pairs, given their raw dot products x_i·y_j and squared norms (SPEC §2).
 * These are the elementwise hot loops between the matrix products of a step (SPEC §4); each method
 * states the arrays it modifies.
 *
 * <p>Two paths, chosen per simulator through {@link KernelPath}: {@link VectorKernels} (SIMD through
 * {@code jdk.incubator.vector}), used when that module is present, and the scalar loops here
 * ({@code *Scalar}), the reference the fast path is tested against and the fallback without the module.
 */
public final class KernelBlocks {
    private static final double INV_TWO_PI = 1.0 / (2.0 * Math.PI);
    /** Whether the SIMD path is in use (fixed at class load: the module is there or not). */
    public static final boolean VECTORIZED = vectorAvailable();

    private KernelBlocks() {}

    private static boolean vectorAvailable() {
        if (!org.wideneck.core.linalg.Simd.moduleUsable()) return false;
        try {
            return VectorKernels.selfCheck();
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * K (or Θ) of every pair: block[i·cols + j] := K(x_i, y_j).
     *
     * @param block    modified: on entry the dot products x_i·y_j, on exit the kernel values
     * @param rowNorms |x_i|² (not divided by m)
     * @param colNorms |y_j|²
     * @param m        the vectors' dimension
     */
    public static void ntkInPlaceScalar(double[] block, int rows, int cols, double[] rowNorms, int rowOff,
                                        double[] colNorms, int colOff, int m) {
        double invM = 1.0 / m;
        for (int i = 0; i < rows; i++) {
            ntkRowScalar(block, i * cols, cols, rowNorms[rowOff + i] * invM, colNorms, colOff, invM);
        }
    }

    /** K over len pairs of one row from block[p0]: a = |x|²/m of the row, b from colNorms[c0..]. Modifies block. */
    static void ntkRowScalar(double[] block, int p0, int len, double a, double[] colNorms, int c0, double invM) {
        ntkAndXiRowScalar(block, null, null, p0, len, a, colNorms, c0, invM);
    }

    /**
     * K, and the coefficients α, β of Ξ(x_i, y_j) = α·y_j + β·x_i, for every pair.
     *
     * @param block modified: on entry the dot products, on exit K
     * @param alpha modified: α of every pair (rows×cols)
     * @param beta  modified: β of every pair (rows×cols)
     */
    public static void ntkAndXiScalar(double[] block, double[] alpha, double[] beta, int rows, int cols,
                                      double[] rowNorms, int rowOff, double[] colNorms, int colOff, int m) {
        double invM = 1.0 / m;
        for (int i = 0; i < rows; i++) {
            ntkAndXiRowScalar(block, alpha, beta, i * cols, cols, rowNorms[rowOff + i] * invM, colNorms, colOff, invM);
        }
    }

    /** K, α, β over len pairs of one row from index p0. Modifies block, and alpha, beta unless null (K only). */
    static void ntkAndXiRowScalar(double[] block, double[] alpha, double[] beta, int p0, int len, double a,
                                  double[] colNorms, int c0, double invM) {
        double tol = ReluKernel.PARALLEL_TOL;
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
     * Θ_∞ of every pair of inputs (SPEC §2, infinite bottleneck).
     *
     * @param block modified: on entry the dot products ξ_i·ξ̃_j, on exit Θ_∞
     */
    public static void thetaInfInPlaceScalar(double[] block, int rows, int cols, double[] rowNorms, int rowOff,
                                       double[] colNorms, int colOff, int d0) {
        double invM = 1.0 / d0;
        for (int i = 0; i < rows; i++) {
            double a0 = rowNorms[rowOff + i] * invM;
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                double b0 = colNorms[colOff + j] * invM;
                block[o + j] = CompositionNtk.thetaInf(a0, b0, block[o + j] * invM);
            }
        }
    }
}
