package org.wideneck.core.linalg;

/**
 * C = α·A·Bᵀ for rows A against many rows B kept in panels: the dot products of the step's history pass (eq 43's
 * K(x_b, x_h) argument, A = the batch's x_b, B = the history's x_h). (The wider products — the lazy eq 42 refreshes,
 * g₀ — stay on the BLAS: this kernel did not beat it there, docs/performance.md.) The rounding order is fixed and is that of the single-threaded
 * OpenBLAS 0.3.21 under its Haswell kernels (Debian's, the system BLAS; measured bit for bit on whole blocks, see docs/performance.md;
 * the OpenBLAS 0.3.31 the launchers load now gives the same bits for k ≤ 256 and differs in the last bits above): k is cut into the blocks of
 * {@link #kBlocks} (OpenBLAS's GEMM_Q = 256 rule), each block's sum s_b = Σ_k A[i][k]·B[j][k] is taken in order of
 * k with one fused multiply-add a term from zero, and C = (…((0 + α·s₁) + α·s₂) + …) left to right, each product
 * and sum rounded. So results do not depend on the path, the tile sizes or the thread count, and where that BLAS
 * would have run the same shape they are its bits (a shape with a column count not a multiple of 4 can differ in
 * the last bit in its edge columns, where OpenBLAS's edge kernels sum differently).
 *
 * <p>Panels: B's rows in groups of {@link #PANEL}, each group stored k-major (element (j, k) at {@link #index}),
 * so one vector load gives 8 rows' k-th entries. The SIMD path ({@code VectorPanels}, 512-bit vectors) keeps 10
 * rows of A × 16 rows of B in accumulators; this project's 2-core Zen 5 machine runs it at 40–42 GFLOP/s on one
 * thread against 23 for OpenBLAS 0.3.21's Haswell kernels on the 20×2048×100 shape (docs/performance.md). Elsewhere (no
 * Vector API, narrower vectors) the scalar loop runs, and callers use the BLAS instead of panels.
 */
public final class PanelGemm {
    /** Rows of B per panel. */
    public static final int PANEL = 8;
    /** OpenBLAS's GEMM_Q for double on its Haswell kernels: the largest k block. */
    static final int K_BLOCK = 256;
    /** OpenBLAS's GEMM_UNROLL_M for double on Haswell: a split k block is rounded up to a multiple of it. */
    static final int K_UNROLL = 4;
    /** Whether the SIMD path is in use (fixed at class load: 512-bit vectors, checked against the scalar loop). */
    public static final boolean VECTORIZED = vectorAvailable();

    private PanelGemm() {}

    private static boolean vectorAvailable() {
        if (!Simd.moduleUsable()) return false;
        try {
            if (!VectorPanels.wideEnough()) return false;
            int m = 11, n = 35, d = 300;
            double[] a = new double[m * d], b = new double[n * d], panels = new double[panelLength(n + 8, d)];
            for (int i = 0; i < a.length; i++) a[i] = Math.sin(1.3 * i + 0.1);
            for (int i = 0; i < b.length; i++) b[i] = Math.cos(0.7 * i);
            for (int j = 0; j < n; j++) putRow(b, j * d, d, panels, j + 8);
            double[] v = new double[m * n], s = new double[m * n];
            VectorPanels.abt(m, n, d, 0.3, a, 0, panels, 8, v, 0);
            abtScalar(m, n, d, 0.3, a, 0, panels, 8, s, 0, 0, m, 0, n);
            for (int i = 0; i < v.length; i++) if (Double.doubleToRawLongBits(v[i]) != Double.doubleToRawLongBits(s[i])) return false;
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * The k blocks of a product of depth d, in order (OpenBLAS's level-3 driver: blocks of {@link #K_BLOCK} while at
     * least two are left, then what is left in one block, or in two halves rounded up to {@link #K_UNROLL} when it is
     * more than one): d = 784 gives 256, 256, 136, 136.
     */
    public static int[] kBlocks(int d) {
        int count = 0;
        int[] out = new int[d / K_BLOCK + 2];
        for (int k = 0; k < d; ) {
            int len = d - k;
            if (len >= 2 * K_BLOCK) len = K_BLOCK;
            else if (len > K_BLOCK) len = (len / 2 + K_UNROLL - 1) / K_UNROLL * K_UNROLL;
            out[count++] = len;
            k += len;
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** Doubles a panel array of rows rows of width d needs (whole panels). */
    public static int panelLength(int rows, int d) {
        return (rows + PANEL - 1) / PANEL * PANEL * d;
    }

    /** Position of B[j][k] in a panel array of rows of width d. */
    public static int index(int j, int k, int d) {
        return (j / PANEL) * d * PANEL + k * PANEL + j % PANEL;
    }

    /** Writes x[xOff .. xOff + d) as row j. Modifies panels. */
    public static void putRow(double[] x, int xOff, int d, double[] panels, int j) {
        int o = (j / PANEL) * d * PANEL + j % PANEL;
        for (int k = 0; k < d; k++) panels[o + k * PANEL] = x[xOff + k];
    }

    /**
     * c[cOff + i·n + j] = Σ_k a[aOff + i·d + k]·B[j][k] for i &lt; m, j &lt; n (α = 1, B from panel row 0).
     *
     * @param panels B's first n rows (at least), in panels
     * @param c      modified: m×n, row-major, overwritten
     */
    public static void abt(int m, int n, int d, double[] a, int aOff, double[] panels, double[] c, int cOff) {
        abt(m, n, d, 1.0, a, aOff, panels, 0, c, cOff);
    }

    /**
     * c[cOff + i·n + j] = α·Σ_k a[aOff + i·d + k]·B[p0 + j][k] for i &lt; m, j &lt; n, in the rounding order of the
     * class comment.
     *
     * @param panels B's rows p0 … p0 + n − 1 (at least), in panels; p0 any row (whole 16-row tiles start at the
     *               first panel boundary, the rows before it and after the last tile take the scalar loop)
     * @param c      modified: m×n, row-major, overwritten
     */
    public static void abt(int m, int n, int d, double alpha, double[] a, int aOff, double[] panels, int p0, double[] c, int cOff) {
        if (VECTORIZED) VectorPanels.abt(m, n, d, alpha, a, aOff, panels, p0, c, cOff);
        else abtScalar(m, n, d, alpha, a, aOff, panels, p0, c, cOff, 0, m, 0, n);
    }

    /** The reference loop over rows [i0, i1) and columns [j0, j1) of C. Modifies c there. */
    static void abtScalar(int m, int n, int d, double alpha, double[] a, int aOff, double[] panels, int p0, double[] c, int cOff,
                          int i0, int i1, int j0, int j1) {
        int[] blocks = kBlocks(d);
        boolean stored = blocks.length == 1 && alpha == 1.0; // one block's sum is C as it is (not 0 + s: −0 stays −0)
        for (int i = i0; i < i1; i++) {
            int ao = aOff + i * d;
            for (int j = j0; j < j1; j++) {
                int p = p0 + j, o = (p / PANEL) * d * PANEL + p % PANEL;
                double sum = 0.0;
                for (int b = 0, k0 = 0; b < blocks.length; k0 += blocks[b], b++) {
                    double s = 0.0;
                    for (int k = k0; k < k0 + blocks[b]; k++) s = Math.fma(a[ao + k], panels[o + k * PANEL], s);
                    sum = stored ? s : sum + alpha * s;
                }
                c[cOff + i * n + j] = sum;
            }
        }
    }
}
