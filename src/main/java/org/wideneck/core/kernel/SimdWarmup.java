package org.wideneck.core.kernel;

import org.wideneck.core.linalg.PanelGemm;

/**
 * Gets the SIMD loops ({@link ReluSimd}, {@link ErfSimd}, {@link VectorAcos}, {@link VectorAsin}, {@link VectorErf},
 * {@link PanelGemm}'s blocks) compiled by C2 before a run needs them. Until C2 compiles a Vector API loop it runs in
 * the interpreter or C1, where every vector operation is a Java template that allocates: measured on this project's
 * 2-core machine, the NTK loop took ~5000 ns a pair that way against ~3 ns compiled, and an MNIST-shaped job spent
 * its first ~6 s of training at a fraction of its speed. Running each loop on small blocks (all of fdlibm's ranges,
 * the scalar tails, zero norms) makes C2 compile them in ~1–2 s of one core, which a caller can overlap with
 * start-up work (Spark's start, data loading).
 *
 * <p>Results do not depend on it: every loop gives the same bits in every JIT tier ({@link VectorAcos} is
 * built from IEEE-exact operations), so a run with or without the warm-up, or with it still going, is
 * bitwise the same. It touches only its own arrays and holds no state; calling it again costs a few
 * milliseconds once the loops are compiled.
 */
public final class SimdWarmup {
    /** Columns of the warm-up block: 32 vectors of 8 lanes and a 5-column scalar tail. */
    static final int COLS = 261;
    /** Calls of each loop: enough for C2's invocation and back-edge thresholds (measured, see docs/performance.md). */
    static final int CALLS = 4000;
    /**
     * The panel product's warm-up shapes: two whole 10-row tiles and a row tail, two 16-column tiles and a column
     * tail; depth 24 (one k block, α = 1: sums stored as they are) and 300 (two k blocks, α ≠ 1, B off a panel
     * boundary: the scaled-and-added stores and the head columns).
     */
    static final int GEMM_M = 21, GEMM_N = 40, GEMM_D = 24, GEMM_DEEP = 300;

    private SimdWarmup() {}

    /**
     * Starts {@link #run} on a daemon thread (callers overlap it with their own start-up: data load, Spark's start)
     * and returns the thread.
     */
    public static Thread inBackground() {
        Thread t = new Thread(SimdWarmup::run, "wideneck-simd-warmup");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs the warm-up when the SIMD path is in use; returns the calls made (0 on the scalar path). */
    public static int run() {
        if (KernelPath.best() != KernelPath.SIMD) return 0;
        double[] colNorms = new double[COLS], dots = new double[COLS];
        double[] block = new double[COLS], alpha = new double[COLS], beta = new double[COLS];
        double[] rowNorm = {2.0};
        fill(dots, colNorms, rowNorm[0]);
        double[] a = new double[GEMM_M * GEMM_DEEP], panels = new double[PanelGemm.panelLength(GEMM_N + 3, GEMM_DEEP)];
        double[] c = new double[GEMM_M * GEMM_N];
        for (int i = 0; i < a.length; i++) a[i] = Math.sin(0.3 * i);
        for (int i = 0; i < panels.length; i++) panels[i] = Math.cos(0.2 * i);
        int calls = 0;
        for (int it = 0; it < CALLS; it++) {
            int m = 1 + (it & 7);
            System.arraycopy(dots, 0, block, 0, COLS);
            ReluSimd.ntkAndXi(block, alpha, beta, 1, COLS, rowNorm, 0, colNorms, 0, m);
            System.arraycopy(dots, 0, block, 0, COLS);
            ReluSimd.ntkAndXi(block, null, null, 1, COLS, rowNorm, 0, colNorms, 0, m);
            System.arraycopy(dots, 0, block, 0, COLS);
            ReluSimd.thetaInfinity(block, 1, COLS, rowNorm, 0, colNorms, 0, m);
            System.arraycopy(dots, 0, block, 0, COLS);
            ReluSimd.phi(block, 0, COLS);
            System.arraycopy(dots, 0, alpha, 0, COLS);
            ReluSimd.mask(dots, 0, alpha, 0, COLS);
            if ((it & 3) == 0) {
                System.arraycopy(dots, 0, block, 0, COLS);
                ErfSimd.ntkAndXi(block, alpha, beta, 1, COLS, rowNorm, 0, colNorms, 0, m);
                System.arraycopy(dots, 0, block, 0, COLS);
                ErfSimd.ntkAndXi(block, null, null, 1, COLS, rowNorm, 0, colNorms, 0, m);
                ErfSimd.sigmaRow(0.7, colNorms, dots, block, alpha, COLS);
                ReluSimd.sigmaRow(0.7, colNorms, dots, block, alpha, COLS);
                System.arraycopy(dots, 0, block, 0, COLS);
                VectorErf.erfInPlace(block, 0, COLS);
                System.arraycopy(dots, 0, alpha, 0, COLS);
                VectorErf.timesDerivative(dots, 0, alpha, 0, COLS);
                calls += 6;
            }
            if ((it & 7) != 7) PanelGemm.abt(GEMM_M, GEMM_N, GEMM_D, a, 0, panels, c, 0);
            else PanelGemm.abt(GEMM_M, GEMM_N, GEMM_DEEP, 0.5, a, 0, panels, 3, c, 0);
            calls += 6;
        }
        return calls;
    }

    /**
     * Dot products with cosines over [−1, 1]: the first 64 columns all in fdlibm's middle range (|x| &lt; 0.5, the
     * loop's all-small branch), then a sweep across all three ranges with exact ±1 and near-parallel pairs, and
     * a zero-norm column (the masked lanes). Modifies dots and colNorms.
     */
    static void fill(double[] dots, double[] colNorms, double rowNorm) {
        for (int j = 0; j < COLS; j++) {
            double cos = j < 64 ? 0.45 * Math.sin(0.7 * j) : Math.cos(Math.PI * (j - 64) / (COLS - 65));
            if (j == 100) cos = 1.0;
            if (j == 101) cos = 1.0 - 1e-13;
            colNorms[j] = j == 150 ? 0.0 : 0.5 + 0.01 * j;
            dots[j] = cos * Math.sqrt(rowNorm * colNorms[j]);
        }
    }
}
