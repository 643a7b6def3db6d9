package org.wideneck.core.init;

import org.wideneck.core.parallel.Grains;
import java.util.SplittableRandom;
import org.wideneck.core.linalg.Gemm;

/**
 * The initial output of an `inf` run (SPEC §3): a draw of the infinite network's output GP made with
 * random features,
 * <pre>
 *   F_0(ξ) = V φ(A φ(W1 ξ/√d0)/√m)/√n,    W1: m×d0,  A: n×m,  V: dr×n, iid N(0, 1)
 * </pre>
 * A is the d → ∞ limit of U W2/√d. W1 and V come from the same named streams as a finite run's (so
 * with m = n they are the same matrices); A is generated row by row from per-row streams and never held
 * whole when it is large (8nm bytes).
 */
public final class InfiniteOutputDraw {
    private final int m;
    private final int n;
    private final int d0;
    private final int dr;
    private final long seed;
    private final double[] w1;
    private final double[] v;
    /** A whole when it fits {@link Grains#F0_A_CACHE}, else null (its rows regenerated per block). */
    private final double[] aCache;

    /** The draw's random features (W1, V, and A when small enough), made once for many evaluations. */
    public InfiniteOutputDraw(long seed, int m, int n, int d0, int dr) {
        this.seed = seed;
        this.m = m;
        this.n = n;
        this.d0 = d0;
        this.dr = dr;
        this.w1 = Seeds.gaussianMatrix(seed, "W1", m, d0);
        this.v = Seeds.gaussianMatrix(seed, "V", dr, n);
        this.aCache = (long) n * m <= Grains.F0_A_CACHE ? aRows(seed, n, m, 0, n) : null;
    }

    /** F_0 at rows inputs xi (rows×d0); returns rows×dr. */
    public static double[] draw(long seed, int m, int n, double[] xi, int rows, int d0, int dr) {
        return draw(seed, m, n, xi, rows, d0, dr, org.wideneck.core.parallel.Workers.sequential());
    }

    /** F_0 at rows inputs xi (rows×d0) on the workers' threads; see {@link #at}. */
    public static double[] draw(long seed, int m, int n, double[] xi, int rows, int d0, int dr, org.wideneck.core.parallel.Workers workers) {
        return new InfiniteOutputDraw(seed, m, n, d0, dr).at(xi, rows, workers);
    }

    /**
     * F_0 at rows inputs xi (rows×d0) on the workers' threads, one task per fixed block of
     * {@link Grains#F0_POINTS} points (bitwise the same for any thread count); returns rows×dr.
     */
    public double[] at(double[] xi, int rows, org.wideneck.core.parallel.Workers workers) {
        double[] out = new double[rows * dr];
        workers.forRanges(rows, Grains.F0_POINTS, (r0, end) -> {
            int nb = end - r0;
            double[] h1 = new double[nb * m];
            double[] z = new double[nb * Grains.F0_A_ROWS];
            double[] vBlock = new double[dr * Grains.F0_A_ROWS];
            Gemm.abt(nb, m, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, w1, 0, 0.0, h1, 0);
            InitialNetwork.relu(h1, nb * m);
            for (int a0 = 0; a0 < n; a0 += Grains.F0_A_ROWS) {
                int na = Math.min(Grains.F0_A_ROWS, n - a0);
                double[] aBlock = aCache != null ? aCache : aRows(seed, n, m, a0, na);
                int aOff = aCache != null ? a0 * m : 0;
                Gemm.abt(nb, na, m, 1.0 / Math.sqrt(m), h1, 0, aBlock, aOff, 0.0, z, 0);
                InitialNetwork.relu(z, nb * na);
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
