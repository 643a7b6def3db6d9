package org.wideneck.core.init;

import java.io.Serializable;
import java.util.Arrays;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.parallel.ArrayPool;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.kernel.Relu;

/**
 * The initial functions of SPEC §3 (and §8.2 for a deeper g), evaluated from the width-n weights of
 * {@link NetworkWeights} with φ = {@code activation}:
 * <pre>
 *   g_0(ξ) = W_(L+1) φ(… φ(W2 φ(W1 ξ/√d0)/√n) …)/√n
 *   f_0(x) = V φ(U x/√d)/√n
 *   J_0(x) = V diag(φ'(U x/√d)) U / √(n d)     (the exact Jacobian of f_0)
 * </pre>
 * With {@code zeroOutput} the output side starts at f_0 = 0 and J_0 = 0 (SPEC §3, "F_0 = 0 instead"). All
 * evaluations are blocked over points so memory stays O(block·n).
 */
public final class InitialNetwork implements Serializable {
    private static final long serialVersionUID = 2L;
    private final NetworkWeights w;
    private final Activation phi;
    private final boolean zeroOutput;
    /** Vᵀ (n×dr), so a range of hidden units is a contiguous block of rows. */
    private final double[] vt;
    /**
     * W_(L+1)ᵀ (n×d), likewise, for {@link #g0ByUnits}: made at its first call (the driver's lazy births), not shipped
     * with the network (d×n doubles, 80 MB at d = 1000).
     */
    private transient volatile double[] gOutT;

    public InitialNetwork(NetworkWeights w, Activation phi, boolean zeroOutput) {
        this.w = w;
        this.phi = phi;
        this.zeroOutput = zeroOutput;
        int n = w.n(), dr = w.dr();
        this.vt = new double[n * dr];
        for (int k = 0; k < dr; k++) for (int j = 0; j < n; j++) vt[j * dr + k] = w.v()[k * n + j];
    }

    /** With the paper's φ, ReLU. */
    public InitialNetwork(NetworkWeights w, boolean zeroOutput) {
        this(w, Relu.INSTANCE, zeroOutput);
    }

    public NetworkWeights weights() {
        return w;
    }

    public Activation activation() {
        return phi;
    }

    public boolean zeroOutput() {
        return zeroOutput;
    }

    /** g_0 at rows points of xi (rows×d0); returns rows×d. */
    public double[] g0(double[] xi, int rows) {
        return g0(xi, rows, Workers.sequential());
    }

    /**
     * g_0 at rows points of xi (rows×d0) on the workers' threads; returns rows×d. The points are cut into
     * fixed blocks of {@link Grains#INIT_ROWS} (whole ranges of {@link Grains#INIT_RANGE_BLOCKS} of them per
     * task), each the same matrix products whatever the thread count, so the result is bitwise the same.
     */
    public double[] g0(double[] xi, int rows, Workers workers) {
        int n = w.n(), d = w.d(), blockRows = Grains.INIT_ROWS;
        double[] out = new double[rows * d];
        workers.forRanges(rows, Grains.INIT_ROWS * Grains.INIT_RANGE_BLOCKS, (from, to) -> {
            double[] h = new double[Math.min(to - from, blockRows) * n];
            double[] h2 = w.gDepth() > 1 ? new double[h.length] : null;
            for (int r0 = from; r0 < to; r0 += blockRows) {
                int nb = Math.min(blockRows, to - r0);
                double[] last = hidden(xi, r0, nb, h, h2);
                Gemm.abt(nb, d, n, 1.0 / Math.sqrt(n), last, 0, w.gOut(), 0, 0.0, out, r0 * d);
            }
        });
        return out;
    }

    /**
     * φ(h^L) of g at nb points from row r0 of xi: the first layer into h, each further layer alternating between h
     * and h2 (null for one layer). Returns the array holding the last layer. Modifies h and h2.
     */
    private double[] hidden(double[] xi, int r0, int nb, double[] h, double[] h2) {
        int n = w.n(), d0 = w.d0();
        Gemm.abt(nb, n, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, w.w1(), 0, 0.0, h, 0);
        phi.phiInPlace(h, 0, nb * n);
        double[] in = h, out = h2;
        for (int l = 1; l < w.gDepth(); l++) {
            Gemm.abt(nb, n, n, 1.0 / Math.sqrt(n), in, 0, w.g()[l], 0, 0.0, out, 0);
            phi.phiInPlace(out, 0, nb * n);
            double[] t = in;
            in = out;
            out = t;
        }
        return in;
    }

    /**
     * g_0 at the few hundred points a lazy run reads at once (SPEC §3), split over hidden units rather than points
     * when g has one hidden layer: the points in fixed blocks of blockRows, each block's units in fixed ranges of
     * {@link Grains#UNIT_RANGE} run as tasks, a block's partial outputs added in range order. Every task then
     * multiplies all of a block's points by its slice of W₁, so the BLAS reads and packs the first layer once per
     * block instead of once per task of points. The sums are fixed by blockRows and the ranges, never by the thread
     * count. A deeper g (whose middle layers need every unit of the layer before) takes {@link #g0}'s blocks of
     * points. Returns rows×d; work arrays come from scratch and are given back.
     */
    public double[] g0ByUnits(double[] xi, int rows, Workers workers, int blockRows, ArrayPool scratch) {
        if (w.gDepth() > 1) return g0(xi, rows, workers);
        int n = w.n(), d0 = w.d0(), d = w.d(), ur = Grains.UNIT_RANGE;
        int ranges = (n + ur - 1) / ur, blocks = (rows + blockRows - 1) / blockRows;
        double[] out = new double[rows * d];
        double[][] parts = new double[blocks * ranges][];
        double[] gt = gOutTransposed();
        workers.forRanges(blocks * ranges, 1, (task, unused) -> {
            int r0 = (task / ranges) * blockRows, nb = Math.min(blockRows, rows - r0);
            int u0 = (task % ranges) * ur, nu = Math.min(ur, n - u0);
            double[] h = scratch.take(nb * nu), part = scratch.take(nb * d);
            Gemm.abt(nb, nu, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, w.w1(), u0 * d0, 0.0, h, 0);
            phi.phiInPlace(h, 0, nb * nu);
            Gemm.ab(nb, d, nu, 1.0 / Math.sqrt(n), h, 0, gt, u0 * d, 0.0, part, 0);
            scratch.give(h);
            parts[task] = part;
        });
        for (int t = 0; t < parts.length; t++) {
            int o = (t / ranges) * blockRows * d, len = Math.min(blockRows, rows - (t / ranges) * blockRows) * d;
            double[] part = parts[t];
            for (int i = 0; i < len; i++) out[o + i] += part[i];
            scratch.give(part);
        }
        return out;
    }

    private double[] gOutTransposed() {
        double[] t = gOutT;
        if (t == null) {
            synchronized (this) {
                t = gOutT;
                if (t == null) {
                    int n = w.n(), d = w.d();
                    t = new double[n * d];
                    for (int k = 0; k < d; k++) for (int j = 0; j < n; j++) t[j * d + k] = w.gOut()[k * n + j];
                    gOutT = t;
                }
            }
        }
        return t;
    }

    /**
     * f_0 at rows points x (rows×d), on the calling thread (a block of points of an evaluation task). The hidden units
     * go in tiles of {@link Grains#EVAL_TILE}, each tile's hidden layer made, passed through φ and multiplied into the
     * output while it is in cache; the tiles' contributions are added in order.
     *
     * @param out    modified: rows×dr, overwritten with f_0(x)
     * @param hidden at least rows·{@link Grains#EVAL_TILE} doubles, modified (a tile of the hidden layer)
     */
    public void f0(double[] x, int xOff, int rows, double[] out, int outOff, double[] hidden) {
        int n = w.n(), d = w.d(), dr = w.dr();
        Arrays.fill(out, outOff, outOff + rows * dr, 0.0);
        if (zeroOutput) return;
        double su = 1.0 / Math.sqrt(d), sv = 1.0 / Math.sqrt(n);
        for (int u0 = 0; u0 < n; u0 += Grains.EVAL_TILE) {
            int len = Math.min(Grains.EVAL_TILE, n - u0);
            Gemm.gemm(false, true, rows, len, d, su, x, xOff, d, w.u(), u0 * d, d, 0.0, hidden, 0, len);
            phi.phiInPlace(hidden, 0, rows * len);
            Gemm.ab(rows, dr, len, sv, hidden, 0, vt, u0 * dr, 1.0, out, outOff);
        }
    }

    /**
     * f_0 at rows points x, split over fixed ranges of hidden units run by the workers, the ranges' partial
     * outputs added in order (results do not depend on the thread count). For the few points of a batch,
     * where splitting over points leaves threads idle. Work arrays are fresh.
     *
     * @param out modified: rows×dr, overwritten with f_0(x)
     */
    public void f0(double[] x, int xOff, int rows, double[] out, int outOff, Workers workers) {
        f0(x, xOff, rows, out, outOff, workers, null, new ArrayPool());
    }

    /**
     * f_0 at rows points x as above, keeping the pre-activations U x/√d for {@link #jacobianTransposeTimes} at the same
     * points (which then needs no product of its own for φ'), with its work arrays lent by scratch. The same results
     * whatever pre and scratch are.
     *
     * @param out     modified: rows×dr, overwritten with f_0(x)
     * @param pre     modified when not null: at least rows·n doubles, the pre-activations in blocks by hidden-unit range
     * @param scratch lends the work arrays (they are given back)
     */
    public void f0(double[] x, int xOff, int rows, double[] out, int outOff, Workers workers, double[] pre, ArrayPool scratch) {
        int n = w.n(), d = w.d(), dr = w.dr();
        Arrays.fill(out, outOff, outOff + rows * dr, 0.0);
        if (zeroOutput) return;
        double[][] parts = new double[(n + Grains.UNIT_RANGE - 1) / Grains.UNIT_RANGE][];
        workers.forRanges(n, Grains.UNIT_RANGE, (from, to) -> {
            int len = to - from;
            double[] h = scratch.take(rows * len), p = scratch.take(rows * dr);
            Gemm.gemm(false, true, rows, len, d, 1.0 / Math.sqrt(d), x, xOff, d, w.u(), from * d, d, 0.0, h, 0, len);
            if (pre != null) System.arraycopy(h, 0, pre, rows * from, rows * len);
            phi.phiInPlace(h, 0, rows * len);
            Gemm.ab(rows, dr, len, 1.0 / Math.sqrt(n), h, 0, vt, from * dr, 0.0, p, 0);
            scratch.give(h);
            parts[from / Grains.UNIT_RANGE] = p;
        });
        for (double[] p : parts) {
            for (int i = 0; i < rows * dr; i++) out[outOff + i] += p[i];
            scratch.give(p);
        }
    }

    /**
     * J_0(x_b)ᵀ χ_b for rows points: h_b = Uᵀ (φ'(U x_b/√d) ∘ Vᵀ χ_b) / √(n d), split over hidden units like
     * {@link #f0(double[], int, int, double[], int, Workers)}; work arrays are fresh.
     *
     * @param out modified: rows×d, overwritten
     */
    public void jacobianTransposeTimes(double[] x, int xOff, double[] chi, int chiOff, int rows, double[] out, int outOff,
                                       Workers workers) {
        jacobianTransposeTimes(x, xOff, chi, chiOff, rows, out, outOff, workers, null, new ArrayPool());
    }

    /**
     * J_0(x_b)ᵀ χ_b as above. pre: the pre-activations that {@link #f0(double[], int, int, double[], int, Workers,
     * double[], ArrayPool)} kept at the same points, or null to compute U x/√d here. The same results whatever pre
     * and scratch are.
     *
     * @param scratch lends the work arrays (they are given back)
     * @param out     modified: rows×d, overwritten
     */
    public void jacobianTransposeTimes(double[] x, int xOff, double[] chi, int chiOff, int rows, double[] out, int outOff,
                                       Workers workers, double[] pre, ArrayPool scratch) {
        int n = w.n(), d = w.d(), dr = w.dr();
        Arrays.fill(out, outOff, outOff + rows * d, 0.0);
        if (zeroOutput) return;
        double[][] parts = new double[(n + Grains.UNIT_RANGE - 1) / Grains.UNIT_RANGE][];
        workers.forRanges(n, Grains.UNIT_RANGE, (from, to) -> {
            int len = to - from;
            double[] s2 = scratch.take(rows * len), p = scratch.take(rows * d);
            Gemm.abt(rows, len, dr, 1.0, chi, chiOff, vt, from * dr, 0.0, s2, 0);
            if (pre != null) {
                phi.timesPhiPrime(pre, rows * from, s2, 0, rows * len);
            } else {
                double[] s1 = scratch.take(rows * len);
                Gemm.gemm(false, true, rows, len, d, 1.0 / Math.sqrt(d), x, xOff, d, w.u(), from * d, d, 0.0, s1, 0, len);
                phi.timesPhiPrime(s1, 0, s2, 0, rows * len);
                scratch.give(s1);
            }
            Gemm.gemm(false, false, rows, d, len, 1.0 / Math.sqrt((double) n * d), s2, 0, len, w.u(), from * d, d, 0.0, p, 0, d);
            scratch.give(s2);
            parts[from / Grains.UNIT_RANGE] = p;
        });
        for (double[] p : parts) {
            for (int i = 0; i < rows * d; i++) out[outOff + i] += p[i];
            scratch.give(p);
        }
    }

    /** The matrix-product flops of g_0 at rows points. */
    public long g0Flops(long rows) {
        int n = w.n();
        return 2L * rows * n * (w.d0() + w.d()) + 2L * rows * (long) n * n * (w.gDepth() - 1);
    }
}
