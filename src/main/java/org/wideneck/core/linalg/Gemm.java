package org.wideneck.core.linalg;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major matrix products on {@code double[]} blocks through netlib BLAS (native OpenBLAS when the
 * system has one, otherwise netlib's vectorised Java BLAS).
 *
 * <p>A row-major matrix with leading dimension ld is the column-major transpose with the same ld, so
 * row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: the call swaps the operands.
 */
public final class Gemm {
    private static final BLAS BLAS_IMPL = BLAS.getInstance();

    private Gemm() {}

    /**
     * Name of the BLAS implementation in use (for provenance and the benchmark), with the native library netlib
     * was told to load when one was given ({@code dev.ludovic.netlib.blas.nativeLibPath}; the launchers give the
     * OpenBLAS the build unpacks) — the system's libblas.so.3 otherwise.
     */
    public static String implementation() {
        String lib = System.getProperty("dev.ludovic.netlib.blas.nativeLibPath");
        String name = BLAS_IMPL.getClass().getName();
        if (!name.endsWith("JNIBLAS")) return name;
        return name + " on " + (lib == null || lib.isEmpty() ? "the system's libblas.so.3" : lib);
    }

    /**
     * C = alpha·op(A)·op(B) + beta·C, all row-major; op(A) is m×k, op(B) is k×n, C is m×n.
     *
     * @param c modified (rows [offC, offC + m·ldc))
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int offA, int lda, double[] b, int offB, int ldb,
                            double beta, double[] c, int offC, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int p = offC + i * ldc + j;
                    c[p] = beta == 0.0 ? 0.0 : beta * c[p];
                }
            }
            return;
        }
        BLAS_IMPL.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b, offB, ldb, a, offA, lda, beta, c, offC, ldc);
    }

    /** C = alpha·A·Bᵀ + beta·C with A m×k and B n×k row-major, dense (the "dot products" form). C modified. */
    public static void abt(int m, int n, int k, double alpha, double[] a, int offA, double[] b, int offB,
                           double beta, double[] c, int offC) {
        gemm(false, true, m, n, k, alpha, a, offA, k, b, offB, k, beta, c, offC, n);
    }

    /** C = alpha·A·B + beta·C with A m×k and B k×n row-major, dense. C modified. */
    public static void ab(int m, int n, int k, double alpha, double[] a, int offA, double[] b, int offB,
                          double beta, double[] c, int offC) {
        gemm(false, false, m, n, k, alpha, a, offA, k, b, offB, n, beta, c, offC, n);
    }

    /** C = alpha·Aᵀ·B + beta·C with A k×m and B k×n row-major, dense. C modified. */
    public static void atb(int m, int n, int k, double alpha, double[] a, int offA, double[] b, int offB,
                           double beta, double[] c, int offC) {
        gemm(true, false, m, n, k, alpha, a, offA, m, b, offB, n, beta, c, offC, n);
    }

    /** Squared row norms of a rows×cols row-major matrix. */
    public static double[] rowSquaredNorms(double[] x, int rows, int cols) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int o = i * cols;
            for (int j = 0; j < cols; j++) s += x[o + j] * x[o + j];
            out[i] = s;
        }
        return out;
    }
}
