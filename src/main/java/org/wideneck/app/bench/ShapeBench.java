package org.wideneck.app.bench;

import java.util.Locale;
import java.util.List;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import java.util.SplittableRandom;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.PanelGemm;
import org.wideneck.core.parallel.Grains;

/**
 * The matrix products of one training step, each on its own shape and on one thread, against the single-thread
 * DGEMM rate ({@code submit/bench shapes [key=value ...]}): the four B-row products
 * against a history of H pairs (in the simulator's 2048-pair chunks) and the four of f₀ and J₀ᵀχ (in its
 * 1024-unit ranges), then the dot products by {@link PanelGemm}, which the step uses where its SIMD path runs.
 */
public final class ShapeBench {
    private ShapeBench() {}

    private interface Product {
        void run(int piece);
    }

    /** One product of a step: on the history's chunks or on the hidden-unit ranges, its m×n×k and its flops a piece. */
    private record Shape(String name, boolean history, String dims, double flopsPerPiece, Product product) {}

    /** The keys of the shapes case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("B", "20", "Batch size.", "integer 1 to 10⁴"),
            Keys.key("d", "100", "Bottleneck width.", "integer 1 to 10⁴"),
            Keys.key("dr", "10", "Outputs.", "integer 1 to 10⁴"),
            Keys.key("n", "10000", "Hidden units.", "integer 1 to 10⁶"),
            Keys.key("H", "40960", "History rows.", "integer 1 to 10⁷"),
            Keys.key("reps", "200", "Repetitions of each product.", "integer 1 to 10⁶"));

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        int b = p.integer("B", 1, 10_000), d = p.integer("d", 1, 10_000), dr = p.integer("dr", 1, 10_000), n = p.integer("n", 1, 1_000_000);
        int h = p.integer("H", 1, 10_000_000), reps = p.integer("reps", 1, 1_000_000);
        BenchSizes.check(p, "n", n + Grains.UNIT_RANGE, Math.max(d, dr));
        BenchSizes.heap("bench shapes", (double) h * (d + dr) + (double) n * (d + dr) + (double) b * (n + 4096));
        int hc = Grains.HISTORY_CHUNK, ur = Grains.UNIT_RANGE;
        int chunks = (h + hc - 1) / hc, ranges = (n + ur - 1) / ur;
        SplittableRandom r = new SplittableRandom(1);
        double[][] xh = new double[chunks][], ch = new double[chunks][];
        for (int c = 0; c < chunks; c++) {
            xh[c] = gauss(r, hc * d);
            ch[c] = gauss(r, hc * dr);
        }
        double[] xb = gauss(r, b * d), chib = gauss(r, b * dr), u = gauss(r, ranges * ur * d), vt = gauss(r, ranges * ur * dr); // whole ranges
        double[] kb = gauss(r, b * hc), out1 = new double[b * Math.max(d, dr)], hid = gauss(r, b * ur);
        double one = StepBench.dgemmRate(1);
        System.out.printf(Locale.ROOT, "wideneck bench shapes: B=%d d=%d dr=%d n=%d |H|=%d; BLAS %s, one thread; DGEMM 2000³ %.1f GFLOP/s ← the limit%n",
                b, d, dr, n, h, Gemm.implementation(), one);
        double hist = 0, histFlops = 0, net = 0, netFlops = 0;
        Shape[] shapes = {
                new Shape("history: x_b · x_hᵀ (dot products)", true, b + "×" + hc + "×" + d, 2.0 * b * hc * d,
                        c -> Gemm.abt(b, hc, d, 1.0, xb, 0, xh[c], 0, 0.0, kb, 0)),
                new Shape("history: K · χ_h (f)", true, b + "×" + dr + "×" + hc, 2.0 * b * hc * dr,
                        c -> Gemm.ab(b, dr, hc, 1.0, kb, 0, ch[c], 0, 0.0, out1, 0)),
                new Shape("history: χ_b · χ_hᵀ", true, b + "×" + hc + "×" + dr, 2.0 * b * hc * dr,
                        c -> Gemm.abt(b, hc, dr, 1.0, chib, 0, ch[c], 0, 0.0, kb, 0)),
                new Shape("history: (w∘α) · x_h (Jᵀχ)", true, b + "×" + d + "×" + hc, 2.0 * b * hc * d,
                        c -> Gemm.ab(b, d, hc, 1.0, kb, 0, xh[c], 0, 0.0, out1, 0)),
                new Shape("f₀: x_b · Uᵀ", false, b + "×" + ur + "×" + d, 2.0 * b * ur * d,
                        c -> Gemm.gemm(false, true, b, ur, d, 1.0, xb, 0, d, u, c * ur * d, d, 0.0, hid, 0, ur)),
                new Shape("f₀: φ · V", false, b + "×" + dr + "×" + ur, 2.0 * b * ur * dr,
                        c -> Gemm.ab(b, dr, ur, 1.0, hid, 0, vt, c * ur * dr, 0.0, out1, 0)),
                new Shape("J₀ᵀχ: χ_b · Vᵀ", false, b + "×" + ur + "×" + dr, 2.0 * b * ur * dr,
                        c -> Gemm.abt(b, ur, dr, 1.0, chib, 0, vt, c * ur * dr, 0.0, hid, 0)),
                new Shape("J₀ᵀχ: (φ'∘s) · U", false, b + "×" + d + "×" + ur, 2.0 * b * ur * d,
                        c -> Gemm.gemm(false, false, b, d, ur, 1.0, hid, 0, ur, u, c * ur * d, d, 0.0, out1, 0, d)),
        };
        for (Shape sh : shapes) {
            int pieces = sh.history() ? chunks : ranges;
            double sec = secondsAStep(sh.product(), pieces, reps), flops = sh.flopsPerPiece() * pieces;
            System.out.printf(Locale.ROOT, "  %-34s %-14s %8.3f ms a step  %6.1f GFLOP/s  %3.0f%% of the limit%n",
                    sh.name(), sh.dims(), sec * 1e3, flops / sec * 1e-9, 100 * flops / sec * 1e-9 / one);
            if (sh.history()) {
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
        double sec = secondsAStep(c -> PanelGemm.abt(b, hc, d, xb, 0, panels[c], mine, 0), chunks, reps), flops = 2.0 * b * hc * d * chunks;
        System.out.printf(Locale.ROOT, "  %-34s %-14s %8.3f ms a step  %6.1f GFLOP/s  %3.0f%% of the limit; %s path; largest difference from the BLAS %.1e%n",
                "PanelGemm: x_b · x_hᵀ", b + "×" + hc + "×" + d, sec * 1e3, flops / sec * 1e-9, 100 * flops / sec * 1e-9 / one,
                PanelGemm.VECTORIZED ? "SIMD" : "scalar", maxDiff);
    }

    /** Seconds of one pass over the pieces, the mean of reps passes after reps/4 + 1 untimed ones. */
    private static double secondsAStep(Product product, int pieces, int reps) {
        for (int w = 0; w < reps / 4 + 1; w++) for (int c = 0; c < pieces; c++) product.run(c);
        long t0 = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) for (int c = 0; c < pieces; c++) product.run(c);
        return (System.nanoTime() - t0) * 1e-9 / reps;
    }

    private static double[] gauss(SplittableRandom r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.nextDouble() - 0.5;
        return a;
    }
}
