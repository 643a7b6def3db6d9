package org.wideneck.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link PanelGemm}: tiles of 10 rows of A × 16 rows of B (two panels), twenty 512-bit
 * accumulators, one fma per lane and k in order within each of {@link PanelGemm#kBlocks}, each block's sums
 * scaled by α and added to C — the scalar loop's operations lane by lane. Rows and columns outside whole tiles
 * use the scalar loop. The accumulators are twenty locals: a vector put in an array or passed to a method C2
 * does not inline is boxed, and the loop then runs in the Vector API's Java templates (measured ~20× slower).
 */
final class VectorPanels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int ROWS = 10;
    private static final int COLS = 2 * PanelGemm.PANEL;
    /** Largest k sub-block of a tile pass: 10 A rows and 16 panel rows of it (26 KB at 128) stay in the L1 cache. */
    private static final int K_SUB = 128;

    private VectorPanels() {}

    static boolean wideEnough() {
        return DoubleVector.SPECIES_PREFERRED.length() == PanelGemm.PANEL;
    }

    /** See {@link PanelGemm#abt(int, int, int, double, double[], int, double[], int, double[], int)}. Modifies c. */
    static void abt(int m, int n, int d, double alpha, double[] a, int aOff, double[] panels, int p0, double[] c, int cOff) {
        int mb = m / ROWS * ROWS;
        int j0 = Math.min(n, (PanelGemm.PANEL - Math.floorMod(p0, PanelGemm.PANEL)) % PanelGemm.PANEL);
        int j1 = j0 + (n - j0) / COLS * COLS;
        int[] blocks = PanelGemm.kBlocks(d);
        if (mb > 0 && j1 > j0) {
            if (blocks.length == 1 && alpha == 1.0) {
                storedTiles(mb, n, d, a, aOff, panels, p0, j0, j1, c, cOff);  // one block: its sums are C
            } else {
                double[] sums = new double[mb * n];
                for (int b = 0, k0 = 0; b < blocks.length; k0 += blocks[b], b++) {
                    int parts = (blocks[b] + K_SUB - 1) / K_SUB;
                    for (int p = 0; p < parts; p++) {
                        int ks = k0 + (int) ((long) blocks[b] * p / parts), ke = k0 + (int) ((long) blocks[b] * (p + 1) / parts);
                        tiles(mb, n, d, ks, ke, p > 0, a, aOff, panels, p0, j0, j1, sums, 0);
                    }
                    for (int i = 0; i < mb; i++) {
                        int co = cOff + i * n, so = i * n;
                        if (b == 0) for (int j = j0; j < j1; j++) c[co + j] = 0.0 + alpha * sums[so + j];
                        else for (int j = j0; j < j1; j++) c[co + j] = c[co + j] + alpha * sums[so + j];
                    }
                }
            }
        }
        PanelGemm.abtScalar(m, n, d, alpha, a, aOff, panels, p0, c, cOff, mb, m, j0, j1);  // rows outside whole tiles
        PanelGemm.abtScalar(m, n, d, alpha, a, aOff, panels, p0, c, cOff, 0, m, 0, j0);   // columns before the first panel boundary
        PanelGemm.abtScalar(m, n, d, alpha, a, aOff, panels, p0, c, cOff, 0, m, j1, n);   // columns after the last whole tile
    }

    /**
     * One k block and α = 1 (d ≤ 256, the history's dot products): each tile's sums over all of k, from zero, stored
     * as they are. The same k loop as {@link #tiles}, kept apart because C2 compiles it faster without tiles' load
     * branch and sub-blocks (it cannot be shared: passing the accumulators to a method boxes them): 20×2048×100 and
     * 240×2048×100 on one thread, four alternated runs, 66–87 and 62–85 GFLOP/s against 58–86 and 55–80 through
     * {@link #tiles} (docs/performance.md). Modifies c.
     */
    private static void storedTiles(int mb, int n, int d, double[] a, int aOff, double[] panels, int p0, int j0, int j1, double[] c, int cOff) {
        for (int j = j0; j < j1; j += COLS) {
            int po = ((p0 + j) / PanelGemm.PANEL) * d * PanelGemm.PANEL, qo = po + d * PanelGemm.PANEL;
            for (int r0 = 0; r0 < mb; r0 += ROWS) {
                DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
                DoubleVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0, b8 = a0, b9 = a0;
                int o = aOff + r0 * d;
                for (int k = 0; k < d; k++) {
                    DoubleVector v = DoubleVector.fromArray(S, panels, po + k * PanelGemm.PANEL);
                    DoubleVector w = DoubleVector.fromArray(S, panels, qo + k * PanelGemm.PANEL);
                    DoubleVector x;
                    x = DoubleVector.broadcast(S, a[o + k]); a0 = v.fma(x, a0); b0 = w.fma(x, b0);
                    x = DoubleVector.broadcast(S, a[o + d + k]); a1 = v.fma(x, a1); b1 = w.fma(x, b1);
                    x = DoubleVector.broadcast(S, a[o + 2 * d + k]); a2 = v.fma(x, a2); b2 = w.fma(x, b2);
                    x = DoubleVector.broadcast(S, a[o + 3 * d + k]); a3 = v.fma(x, a3); b3 = w.fma(x, b3);
                    x = DoubleVector.broadcast(S, a[o + 4 * d + k]); a4 = v.fma(x, a4); b4 = w.fma(x, b4);
                    x = DoubleVector.broadcast(S, a[o + 5 * d + k]); a5 = v.fma(x, a5); b5 = w.fma(x, b5);
                    x = DoubleVector.broadcast(S, a[o + 6 * d + k]); a6 = v.fma(x, a6); b6 = w.fma(x, b6);
                    x = DoubleVector.broadcast(S, a[o + 7 * d + k]); a7 = v.fma(x, a7); b7 = w.fma(x, b7);
                    x = DoubleVector.broadcast(S, a[o + 8 * d + k]); a8 = v.fma(x, a8); b8 = w.fma(x, b8);
                    x = DoubleVector.broadcast(S, a[o + 9 * d + k]); a9 = v.fma(x, a9); b9 = w.fma(x, b9);
                }
                int rr = cOff + r0 * n + j;
                a0.intoArray(c, rr); a1.intoArray(c, rr + n); a2.intoArray(c, rr + 2 * n); a3.intoArray(c, rr + 3 * n);
                a4.intoArray(c, rr + 4 * n); a5.intoArray(c, rr + 5 * n); a6.intoArray(c, rr + 6 * n); a7.intoArray(c, rr + 7 * n);
                a8.intoArray(c, rr + 8 * n); a9.intoArray(c, rr + 9 * n);
                rr += PanelGemm.PANEL;
                b0.intoArray(c, rr); b1.intoArray(c, rr + n); b2.intoArray(c, rr + 2 * n); b3.intoArray(c, rr + 3 * n);
                b4.intoArray(c, rr + 4 * n); b5.intoArray(c, rr + 5 * n); b6.intoArray(c, rr + 6 * n); b7.intoArray(c, rr + 7 * n);
                b8.intoArray(c, rr + 8 * n); b9.intoArray(c, rr + 9 * n);
            }
        }
    }

    /**
     * The tiles' running sums over k in [k0, k1), in order, one fma a term, for rows [0, mb) and columns [j0, j1):
     * from zero, or (load) from the sums t holds — storing a sum and loading it again is exact, so a k block cut into
     * these sub-blocks (so one tile's A rows and panels fit the L1 cache) sums as one. Modifies t.
     */
    private static void tiles(int mb, int n, int d, int k0, int k1, boolean load, double[] a, int aOff, double[] panels, int p0,
                              int j0, int j1, double[] t, int tOff) {
        for (int j = j0; j < j1; j += COLS) {
            int po = ((p0 + j) / PanelGemm.PANEL) * d * PanelGemm.PANEL, qo = po + d * PanelGemm.PANEL;
            for (int r0 = 0; r0 < mb; r0 += ROWS) {
                    int rr = tOff + r0 * n + j, o = aOff + r0 * d;
                    DoubleVector a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9;
                    if (load) {
                        a0 = DoubleVector.fromArray(S, t, rr); a1 = DoubleVector.fromArray(S, t, rr + n);
                        a2 = DoubleVector.fromArray(S, t, rr + 2 * n); a3 = DoubleVector.fromArray(S, t, rr + 3 * n);
                        a4 = DoubleVector.fromArray(S, t, rr + 4 * n); a5 = DoubleVector.fromArray(S, t, rr + 5 * n);
                        a6 = DoubleVector.fromArray(S, t, rr + 6 * n); a7 = DoubleVector.fromArray(S, t, rr + 7 * n);
                        a8 = DoubleVector.fromArray(S, t, rr + 8 * n); a9 = DoubleVector.fromArray(S, t, rr + 9 * n);
                        int q = rr + PanelGemm.PANEL;
                        b0 = DoubleVector.fromArray(S, t, q); b1 = DoubleVector.fromArray(S, t, q + n);
                        b2 = DoubleVector.fromArray(S, t, q + 2 * n); b3 = DoubleVector.fromArray(S, t, q + 3 * n);
                        b4 = DoubleVector.fromArray(S, t, q + 4 * n); b5 = DoubleVector.fromArray(S, t, q + 5 * n);
                        b6 = DoubleVector.fromArray(S, t, q + 6 * n); b7 = DoubleVector.fromArray(S, t, q + 7 * n);
                        b8 = DoubleVector.fromArray(S, t, q + 8 * n); b9 = DoubleVector.fromArray(S, t, q + 9 * n);
                    } else {
                        a0 = DoubleVector.zero(S); a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0; a7 = a0; a8 = a0; a9 = a0;
                        b0 = a0; b1 = a0; b2 = a0; b3 = a0; b4 = a0; b5 = a0; b6 = a0; b7 = a0; b8 = a0; b9 = a0;
                    }
                    for (int k = k0; k < k1; k++) {
                        DoubleVector v = DoubleVector.fromArray(S, panels, po + k * PanelGemm.PANEL);
                        DoubleVector w = DoubleVector.fromArray(S, panels, qo + k * PanelGemm.PANEL);
                        DoubleVector x;
                        x = DoubleVector.broadcast(S, a[o + k]); a0 = v.fma(x, a0); b0 = w.fma(x, b0);
                        x = DoubleVector.broadcast(S, a[o + d + k]); a1 = v.fma(x, a1); b1 = w.fma(x, b1);
                        x = DoubleVector.broadcast(S, a[o + 2 * d + k]); a2 = v.fma(x, a2); b2 = w.fma(x, b2);
                        x = DoubleVector.broadcast(S, a[o + 3 * d + k]); a3 = v.fma(x, a3); b3 = w.fma(x, b3);
                        x = DoubleVector.broadcast(S, a[o + 4 * d + k]); a4 = v.fma(x, a4); b4 = w.fma(x, b4);
                        x = DoubleVector.broadcast(S, a[o + 5 * d + k]); a5 = v.fma(x, a5); b5 = w.fma(x, b5);
                        x = DoubleVector.broadcast(S, a[o + 6 * d + k]); a6 = v.fma(x, a6); b6 = w.fma(x, b6);
                        x = DoubleVector.broadcast(S, a[o + 7 * d + k]); a7 = v.fma(x, a7); b7 = w.fma(x, b7);
                        x = DoubleVector.broadcast(S, a[o + 8 * d + k]); a8 = v.fma(x, a8); b8 = w.fma(x, b8);
                        x = DoubleVector.broadcast(S, a[o + 9 * d + k]); a9 = v.fma(x, a9); b9 = w.fma(x, b9);
                    }
                    a0.intoArray(t, rr); a1.intoArray(t, rr + n); a2.intoArray(t, rr + 2 * n); a3.intoArray(t, rr + 3 * n);
                    a4.intoArray(t, rr + 4 * n); a5.intoArray(t, rr + 5 * n); a6.intoArray(t, rr + 6 * n); a7.intoArray(t, rr + 7 * n);
                    a8.intoArray(t, rr + 8 * n); a9.intoArray(t, rr + 9 * n);
                    rr += PanelGemm.PANEL;
                    b0.intoArray(t, rr); b1.intoArray(t, rr + n); b2.intoArray(t, rr + 2 * n); b3.intoArray(t, rr + 3 * n);
                    b4.intoArray(t, rr + 4 * n); b5.intoArray(t, rr + 5 * n); b6.intoArray(t, rr + 6 * n); b7.intoArray(t, rr + 7 * n);
                    b8.intoArray(t, rr + 8 * n); b9.intoArray(t, rr + 9 * n);
            }
        }
    }
}
