package org.wideneck.core.linalg;

/**
 * C = A·Bᵀ for a few rows A (a batch) against many rows B kept in panels (the history's embeddings, SPEC §4's
 * x_h): the dot products of the step's history pass, eq 43's K(x_b, x_h) argument. Each C element is
 * Σ_k A[i][k]·B[j][k] summed in order of k with one fused multiply-add a term (IEEE {@code fma}, the same bits on
 * every path), so results do not depend on the path, the block sizes or the thread count.
 *
 * <p>Panels: B's rows in groups of {@link #PANEL}, each group stored k-major (element (j, k) at
 * {@link #index}), so one vector load gives 8 rows' k-th entries. The SIMD path ({@code VectorPanels}, 512-bit
 * vectors) keeps 10 rows of A × 16 rows of B in accumulators; this project's 2-core Zen 5 machine runs it at
 * 40–42 GFLOP/s on one thread against 23 for OpenBLAS 0.3.21's Haswell kernels on the same 20×2048×100
 * shape (BENCHMARKS.md). Elsewhere (no Vector API, narrower vectors) the scalar loop runs. For d ≤ 256 its results
 * are bitwise those of that OpenBLAS single-threaded (which also sums k in order with FMAs; measured), so runs at
 * those widths kept their bits when the step moved to it; above 256 OpenBLAS sums k in blocks and the last bits
 * differ.
 */
public final class PanelGemm {
    /** Rows of B per panel. */
    public static final int PANEL = 8;
    /** Whether the SIMD path is in use (fixed at class load: 512-bit vectors, checked against the scalar loop). */
    public static final boolean VECTORIZED = vectorAvailable();

    private PanelGemm() {}

    private static boolean vectorAvailable() {
        if (!Simd.moduleUsable()) return false;
        try {
            if (!VectorPanels.wideEnough()) return false;
            int m = 11, n = 19, d = 5;
            double[] a = new double[m * d], b = new double[n * d], panels = new double[panelLength(n, d)];
            for (int i = 0; i < a.length; i++) a[i] = Math.sin(1.3 * i + 0.1);
            for (int i = 0; i < b.length; i++) b[i] = Math.cos(0.7 * i);
            for (int j = 0; j < n; j++) putRow(b, j * d, d, panels, j);
            double[] v = new double[m * n], s = new double[m * n];
            VectorPanels.abt(m, n, d, a, 0, panels, v, 0);
            abtScalar(m, n, d, a, 0, panels, s, 0, 0, m, 0, n);
            for (int i = 0; i < v.length; i++) if (Double.doubleToRawLongBits(v[i]) != Double.doubleToRawLongBits(s[i])) return false;
            return true;
        } catch (LinkageError e) {
            return false;
        }
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
     * c[cOff + i·n + j] = Σ_k a[aOff + i·d + k]·B[j][k] for i &lt; m, j &lt; n, k in order, one fma a term.
     *
     * @param panels B's first n rows (at least), in panels
     * @param c      modified: m×n, row-major, overwritten
     */
    public static void abt(int m, int n, int d, double[] a, int aOff, double[] panels, double[] c, int cOff) {
        if (VECTORIZED) VectorPanels.abt(m, n, d, a, aOff, panels, c, cOff);
        else abtScalar(m, n, d, a, aOff, panels, c, cOff, 0, m, 0, n);
    }

    /** The reference loop over rows [i0, i1) and columns [j0, j1) of C. Modifies c there. */
    static void abtScalar(int m, int n, int d, double[] a, int aOff, double[] panels, double[] c, int cOff, int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            int ao = aOff + i * d;
            for (int j = j0; j < j1; j++) {
                int o = (j / PANEL) * d * PANEL + j % PANEL;
                double s = 0.0;
                for (int k = 0; k < d; k++) s = Math.fma(a[ao + k], panels[o + k * PANEL], s);
                c[cOff + i * n + j] = s;
            }
        }
    }
}
