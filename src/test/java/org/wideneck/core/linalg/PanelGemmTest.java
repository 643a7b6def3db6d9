package org.wideneck.core.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The panel products against a plain loop over row-major rows (Σ_k in order, one fma a term): bit for bit, on
 * shapes with and without whole 10×16 blocks, and against the BLAS to rounding.
 */
class PanelGemmTest {
    @Test
    void equalsTheInOrderFmaSumBitForBitOnEveryShape() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{1, 1, 1}, {20, 2048, 100}, {7, 37, 3}, {10, 16, 100}, {23, 40, 257}, {20, 15, 10}, {30, 33, 64}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], d = sh[2], aOff = 3;
            double[] a = new double[aOff + m * d], b = new double[n * d];
            for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() - 0.5;
            for (int i = 0; i < b.length; i++) b[i] = r.nextDouble() - 0.5;
            double[] panels = new double[PanelGemm.panelLength(n, d)];
            for (int j = 0; j < n; j++) PanelGemm.putRow(b, j * d, d, panels, j);
            double[] c = new double[2 + m * n];
            PanelGemm.abt(m, n, d, a, aOff, panels, c, 2);
            double[] blas = new double[m * n];
            Gemm.abt(m, n, d, 1.0, a, aOff, b, 0, 0.0, blas, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int k = 0; k < d; k++) s = Math.fma(a[aOff + i * d + k], b[j * d + k], s);
                    String at = m + "×" + n + "×" + d + " at (" + i + ", " + j + ")";
                    assertEquals(Double.doubleToLongBits(s), Double.doubleToLongBits(c[2 + i * n + j]), at);
                    assertEquals(blas[i * n + j], s, 1e-13 * d, at);
                }
            }
            assertEquals(0.0, c[0]);
            assertEquals(0.0, c[1]);
        }
    }

    @Test
    void panelsHoldEachRowAtItsIndex() {
        int d = 5;
        double[] row = {1, 2, 3, 4, 5}, panels = new double[PanelGemm.panelLength(11, d)];
        PanelGemm.putRow(row, 0, d, panels, 9);
        for (int k = 0; k < d; k++) assertEquals(row[k], panels[PanelGemm.index(9, k, d)]);
        assertEquals(2 * PanelGemm.PANEL * d, panels.length);
    }
}
