package org.wideneck.app;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.PanelGemm;

/**
 * The matrix products of one training step, each on its own shape and on one thread, against the single-thread
 * DGEMM rate ({@code submit/bench shapes [B=20 d=100 dr=10 n=10000 H=40960 reps=200]}): the four B-row products
 * against a history of H pairs (in the simulator's 2048-pair chunks) and the four of f₀ and J₀ᵀχ (in its
 * 1024-unit ranges), then the dot products by {@link PanelGemm}, which the step uses where its SIMD path runs.
 */
public final class ShapeBench {
    private ShapeBench() {}

    private interface Product {
        void run(int chunk);
    }

    public static void main(String[] args) {
        Map<String, Long> p = Bench.integerArgs("wideneck bench shapes", args,
                new String[][] {{"B", "20"}, {"d", "100"}, {"dr", "10"}, {"n", "10000"}, {"H", "40960"}, {"reps", "200"}});
        int b = p.get("B").intValue(), d = p.get("d").intValue(), dr = p.get("dr").intValue(), n = p.get("n").intValue();
        int h = p.get("H").intValue(), reps = p.get("reps").intValue();
        int hc = org.wideneck.core.parallel.Grains.HISTORY_CHUNK, ur = org.wideneck.core.parallel.Grains.UNIT_RANGE;
        int chunks = (h + hc - 1) / hc, ranges = (n + ur - 1) / ur;
        SplittableRandom r = new SplittableRandom(1);
        double[][] xh = new double[chunks][], ch = new double[chunks][];
        for (int c = 0; c < chunks; c++) {
            xh[c] = gauss(r, hc * d);
            ch[c] = gauss(r, hc * dr);
        }
        double[] xb = gauss(r, b * d), chib = gauss(r, b * dr), u = gauss(r, ranges * ur * d), vt = gauss(r, ranges * ur * dr); // whole ranges
        double[] kb = gauss(r, b * hc), out1 = new double[b * Math.max(d, dr)], hid = gauss(r, b * ur);
        double one = Bench.dgemmRate(1);
        System.out.printf(Locale.ROOT, "wideneck bench shapes: B=%d d=%d dr=%d n=%d |H|=%d; BLAS %s, one thread; DGEMM 2000³ %.1f GFLOP/s ← the limit%n",
                b, d, dr, n, h, Gemm.implementation(), one);
        double hist = 0, histFlops = 0, net = 0, netFlops = 0;
        Object[][] rows = {
                {"history: x_b · x_hᵀ (dot products)", true, b + "×" + hc + "×" + d, (Product) c -> Gemm.abt(b, hc, d, 1.0, xb, 0, xh[c], 0, 0.0, kb, 0), 2.0 * b * hc * d},
                {"history: K · χ_h (f)", true, b + "×" + dr + "×" + hc, (Product) c -> Gemm.ab(b, dr, hc, 1.0, kb, 0, ch[c], 0, 0.0, out1, 0), 2.0 * b * hc * dr},
                {"history: χ_b · χ_hᵀ", true, b + "×" + hc + "×" + dr, (Product) c -> Gemm.abt(b, hc, dr, 1.0, chib, 0, ch[c], 0, 0.0, kb, 0), 2.0 * b * hc * dr},
                {"history: (w∘α) · x_h (Jᵀχ)", true, b + "×" + d + "×" + hc, (Product) c -> Gemm.ab(b, d, hc, 1.0, kb, 0, xh[c], 0, 0.0, out1, 0), 2.0 * b * hc * d},
                {"f₀: x_b · Uᵀ", false, b + "×" + ur + "×" + d, (Product) c -> Gemm.gemm(false, true, b, ur, d, 1.0, xb, 0, d, u, c * ur * d, d, 0.0, hid, 0, ur), 2.0 * b * ur * d},
                {"f₀: φ · V", false, b + "×" + dr + "×" + ur, (Product) c -> Gemm.ab(b, dr, ur, 1.0, hid, 0, vt, c * ur * dr, 0.0, out1, 0), 2.0 * b * ur * dr},
                {"J₀ᵀχ: χ_b · Vᵀ", false, b + "×" + ur + "×" + dr, (Product) c -> Gemm.abt(b, ur, dr, 1.0, chib, 0, vt, c * ur * dr, 0.0, hid, 0), 2.0 * b * ur * dr},
                {"J₀ᵀχ: (φ'∘s) · U", false, b + "×" + d + "×" + ur, (Product) c -> Gemm.gemm(false, false, b, d, ur, 1.0, hid, 0, ur, u, c * ur * d, d, 0.0, out1, 0, d), 2.0 * b * ur * d},
        };
        for (Object[] row : rows) {
            boolean history = (Boolean) row[1];
            Product prod = (Product) row[3];
            int pieces = history ? chunks : ranges;
            for (int w = 0; w < reps / 4 + 1; w++) for (int c = 0; c < pieces; c++) prod.run(c);
            long t0 = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) for (int c = 0; c < pieces; c++) prod.run(c);
            double sec = (System.nanoTime() - t0) * 1e-9 / reps;
            double flops = (Double) row[4] * pieces;
            System.out.printf(Locale.ROOT, "  %-34s %-14s %8.3f ms a step  %6.1f GFLOP/s  %3.0f%% of the limit%n",
                    row[0], row[2], sec * 1e3, flops / sec * 1e-9, 100 * flops / sec * 1e-9 / one);
            if (history) {
                hist += sec;
                histFlops += flops;
            } else {
                net += sec;
                netFlops += flops;
            }
        }
        System.out.printf(Locale.ROOT, "history products together: %.2f ms a step, %.0f%% of the limit; f₀ and J₀ᵀχ products: %.2f ms, %.0f%%%n",
                hist * 1e3, 100 * histFlops / hist * 1e-9 / one, net * 1e3, 100 * netFlops / net * 1e-9 / one);
        panelComparison(b, d, hc, chunks, reps, xb, xh, one);
    }

    /**
     * The history's dot products again, by {@link PanelGemm} (the chunk kept in panels of 8 rows; its SIMD path keeps
     * 10 batch rows × 16 history rows in 512-bit accumulators, k summed in order with one FMA a term), which the
     * step uses where that path runs: what the machine's FMA units give on this shape beside the BLAS, and how
     * far the two results differ.
     */
    private static void panelComparison(int b, int d, int hc, int chunks, int reps, double[] xb, double[][] xh, double one) {
        double[][] panels = new double[chunks][PanelGemm.panelLength(hc, d)];
        for (int c = 0; c < chunks; c++) for (int j = 0; j < hc; j++) PanelGemm.putRow(xh[c], j * d, d, panels[c], j);
        double[] blas = new double[b * hc], mine = new double[b * hc];
        double maxDiff = 0;
        for (int c = 0; c < chunks; c++) {
            Gemm.abt(b, hc, d, 1.0, xb, 0, xh[c], 0, 0.0, blas, 0);
            PanelGemm.abt(b, hc, d, xb, 0, panels[c], mine, 0);
            for (int i = 0; i < blas.length; i++) maxDiff = Math.max(maxDiff, Math.abs(blas[i] - mine[i]));
        }
        for (int w = 0; w < reps / 4 + 1; w++) for (int c = 0; c < chunks; c++) PanelGemm.abt(b, hc, d, xb, 0, panels[c], mine, 0);
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) for (int c = 0; c < chunks; c++) PanelGemm.abt(b, hc, d, xb, 0, panels[c], mine, 0);
        double sec = (System.nanoTime() - t0) * 1e-9 / reps, flops = 2.0 * b * hc * d * chunks;
        System.out.printf(Locale.ROOT, "  %-34s %-14s %8.3f ms a step  %6.1f GFLOP/s  %3.0f%% of the limit; %s path; largest difference from the BLAS %.1e%n",
                "PanelGemm: x_b · x_hᵀ", b + "×" + hc + "×" + d, sec * 1e3, flops / sec * 1e-9, 100 * flops / sec * 1e-9 / one,
                PanelGemm.VECTORIZED ? "SIMD" : "scalar", maxDiff);
    }

    private static double[] gauss(SplittableRandom r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.nextDouble() - 0.5;
        return a;
    }
}
