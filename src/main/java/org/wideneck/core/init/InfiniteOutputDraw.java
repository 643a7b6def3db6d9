package org.wideneck.core.init;

import java.util.SplittableRandom;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The initial output of an `inf` run (SPEC §3, §8.2): a draw of the infinite network's output GP made with random
 * features through g's layers and then f's,
 * <pre>
 *   F_0(ξ) = V φ(A φ(W_L … φ(W1 ξ/√d0)/√m … )/√m)/√n,    W1: m×d0,  W2 … W_L: m×m,  A: n×m,  V: dr×n, iid N(0, 1)
 * </pre>
 * A is the d → ∞ limit of U W_(L+1)/√d. W1, W2 … and V come from the same named streams as a finite run's (so with
 * m = n they are the same matrices); A is generated row by row from per-row streams and never held whole when it
 * is large (8nm bytes).
 */
public final class InfiniteOutputDraw {
    private final int m;
    private final int n;
    private final int d0;
    private final int dr;
    private final long seed;
    private final Activation phi;
    /** g's layers W1 (m×d0), W2 … W_L (m×m). */
    private final double[][] layers;
    private final double[] v;
    /** A whole when it fits {@link Grains#F0_A_CACHE}, else null (its rows regenerated per block). */
    private final double[] aCache;

    /** The draw's random features (g's layers, V, and A when small enough), made once for many evaluations. */
    public InfiniteOutputDraw(long seed, int m, int n, int d0, int dr, Activation phi, int gDepth) {
        this.seed = seed;
        this.m = m;
        this.n = n;
        this.d0 = d0;
        this.dr = dr;
        this.phi = phi;
        this.layers = new double[gDepth][];
        for (int l = 0; l < gDepth; l++) layers[l] = Seeds.gaussianMatrix(seed, NetworkWeights.layerName(l), m, l == 0 ? d0 : m);
        this.v = Seeds.gaussianMatrix(seed, "V", dr, n);
        this.aCache = (long) n * m <= Grains.F0_A_CACHE ? aRows(seed, n, m, 0, n) : null;
    }

    /**
     * F_0 at rows inputs xi (rows×d0) on the workers' threads, one task per fixed block of
     * {@link Grains#F0_POINTS} points (bitwise the same for any thread count); returns rows×dr.
     */
    public double[] at(double[] xi, int rows, Workers workers) {
        double[] out = new double[rows * dr];
        workers.forRanges(rows, Grains.F0_POINTS, (r0, end) -> {
            int nb = end - r0;
            double[] h1 = new double[nb * m];
            double[] z = new double[nb * Grains.F0_A_ROWS];
            double[] vBlock = new double[dr * Grains.F0_A_ROWS];
            Gemm.abt(nb, m, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, layers[0], 0, 0.0, h1, 0);
            phi.phiInPlace(h1, 0, nb * m);
            for (int l = 1; l < layers.length; l++) {
                double[] next = new double[nb * m];
                Gemm.abt(nb, m, m, 1.0 / Math.sqrt(m), h1, 0, layers[l], 0, 0.0, next, 0);
                phi.phiInPlace(next, 0, nb * m);
                h1 = next;
            }
            for (int a0 = 0; a0 < n; a0 += Grains.F0_A_ROWS) {
                int na = Math.min(Grains.F0_A_ROWS, n - a0);
                double[] aBlock = aCache != null ? aCache : aRows(seed, n, m, a0, na);
                int aOff = aCache != null ? a0 * m : 0;
                Gemm.abt(nb, na, m, 1.0 / Math.sqrt(m), h1, 0, aBlock, aOff, 0.0, z, 0);
                phi.phiInPlace(z, 0, nb * na);
                for (int k = 0; k < dr; k++) System.arraycopy(v, k * n + a0, vBlock, k * na, na);
                Gemm.abt(nb, dr, na, 1.0 / Math.sqrt(n), z, 0, vBlock, 0, 1.0, out, r0 * dr);
            }
        });
        return out;
    }

    /** Rows [from, from+count) of A (n×m), each from its own stream. */
    static double[] aRows(long seed, int n, int m, int from, int count) {
        double[] a = new double[count * m];
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = Seeds.stream(seed, "A", n, m, from + i);
            Seeds.gaussians(rng, a, i * m, m);
        }
        return a;
    }
}
