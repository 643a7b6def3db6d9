package org.wideneck.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The panel products against a plain loop over row-major rows (k in OpenBLAS's blocks, each summed in order with
 * one fma a term, then 0 + α·s₁ + α·s₂ + … left to right): bit for bit, on shapes with and without whole 10×16
 * tiles, with one k block and several, α = 1 and not, B starting on a panel boundary and off it; and against
 * the BLAS to rounding.
 */
class PanelGemmTest {
    @Test
    void equalsTheBlockedInOrderFmaSumBitForBitOnEveryShape() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{1, 1, 1}, {20, 2048, 100}, {7, 37, 3}, {10, 16, 100}, {23, 40, 257}, {20, 15, 10}, {30, 33, 64},
            {24, 64, 784}, {11, 50, 513}, {20, 48, 300}, {64, 32, 1024}};
        for (int[] sh : shapes) {
            for (double alpha : new double[] {1.0, 1.0 / Math.sqrt(784)}) {
                for (int p0 : new int[] {0, 3, 8, 13}) {
                    int m = sh[0], n = sh[1], d = sh[2], aOff = 3;
                    double[] a = new double[aOff + m * d], b = new double[n * d];
                    for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() - 0.5;
                    for (int i = 0; i < b.length; i++) b[i] = r.nextDouble() - 0.5;
                    double[] panels = new double[PanelGemm.panelLength(p0 + n, d)];
                    for (int j = 0; j < n; j++) PanelGemm.putRow(b, j * d, d, panels, p0 + j);
                    double[] c = new double[2 + m * n];
                    PanelGemm.abt(m, n, d, alpha, a, aOff, panels, p0, c, 2);
                    double[] blas = new double[m * n];
                    Gemm.abt(m, n, d, alpha, a, aOff, b, 0, 0.0, blas, 0);
                    int[] blocks = PanelGemm.kBlocks(d);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0.0;
                            for (int q = 0, k0 = 0; q < blocks.length; k0 += blocks[q], q++) {
                                double s = 0.0;
                                for (int k = k0; k < k0 + blocks[q]; k++) s = Math.fma(a[aOff + i * d + k], b[j * d + k], s);
                                sum = blocks.length == 1 && alpha == 1.0 ? s : sum + alpha * s;
                            }
                            String at = m + "×" + n + "×" + d + " α=" + alpha + " p0=" + p0 + " at (" + i + ", " + j + ")";
                            assertEquals(Double.doubleToLongBits(sum), Double.doubleToLongBits(c[2 + i * n + j]), at);
                            assertEquals(blas[i * n + j], sum, 1e-13 * d, at);
                        }
                    }
                    assertEquals(0.0, c[0]);
                    assertEquals(0.0, c[1]);
                }
            }
        }
    }

    @Test
    void kBlocksFollowOpenBlasLevel3Rule() {
        assertArrayEquals(new int[] {100}, PanelGemm.kBlocks(100));
        assertArrayEquals(new int[] {256}, PanelGemm.kBlocks(256));
        assertArrayEquals(new int[] {128, 129}, PanelGemm.kBlocks(257));
        assertArrayEquals(new int[] {152, 148}, PanelGemm.kBlocks(300));
        assertArrayEquals(new int[] {256, 256}, PanelGemm.kBlocks(512));
        assertArrayEquals(new int[] {256, 128, 129}, PanelGemm.kBlocks(513));
        assertArrayEquals(new int[] {256, 256, 136, 136}, PanelGemm.kBlocks(784));
        // 344 left: halves of 172 rounded up to 4 (to 8 it would be 176); measured on OpenBLAS 0.3.21, k = 600 (docs/performance.md)
        assertArrayEquals(new int[] {256, 172, 172}, PanelGemm.kBlocks(600));
        assertArrayEquals(new int[] {256, 256, 256, 256, 256, 256, 232, 232}, PanelGemm.kBlocks(2000));
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
