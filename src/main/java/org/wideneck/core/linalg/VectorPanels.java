package org.wideneck.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link PanelGemm}: blocks of 10 rows of A × 16 rows of B (two panels), twenty 512-bit
 * accumulators, one fma per lane and k in order — the scalar loop's operations lane by lane. Rows and columns
 * outside whole blocks use the scalar loop. The accumulators are twenty locals and are stored one by one: a
 * vector put in an array or passed to a method C2 does not inline is boxed, and the loop then runs in the
 * Vector API's Java templates (measured ~20× slower).
 */
final class VectorPanels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int ROWS = 10;
    private static final int COLS = 2 * PanelGemm.PANEL;

    private VectorPanels() {}

    static boolean wideEnough() {
        return DoubleVector.SPECIES_PREFERRED.length() == PanelGemm.PANEL;
    }

    static void abt(int m, int n, int d, double[] a, int aOff, double[] panels, double[] c, int cOff) {
        int mb = m / ROWS * ROWS, nb = n / COLS * COLS;
        for (int j = 0; j < nb; j += COLS) {
            int po = (j / PanelGemm.PANEL) * d * PanelGemm.PANEL, qo = po + d * PanelGemm.PANEL;
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
        PanelGemm.abtScalar(m, n, d, a, aOff, panels, c, cOff, mb, m, 0, n);   // rows outside whole blocks
        PanelGemm.abtScalar(m, n, d, a, aOff, panels, c, cOff, 0, mb, nb, n);  // columns outside whole blocks
    }
}
