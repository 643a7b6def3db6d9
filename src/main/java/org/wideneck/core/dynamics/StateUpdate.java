package org.wideneck.core.dynamics;

import java.io.Serializable;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The eq 42 update of the quantity SGD moves at the data points — g for a finite bottleneck (width d, k = Θ),
 * F for `inf` (width dr, k = Θ_∞) — by the update sources of a run's steps (SPEC §4):
 * <pre>
 *   s(ξ) ← s(ξ) − μ Σ_src k(ξ, ξ_src) h_src
 * </pre>
 * With momentum (SPEC §8.4) a point's state is s and its velocity V' = −μV, side by side ({@link #stride} = 2·width
 * doubles a point), and sources made over the steps [t0, t1) move a state at step t0 to t1 as
 * <pre>
 *   s  ← s + a(t1 − t0)·V' − μ Σ_src c(t1 − s_src)·k(ξ, ξ_src) h_src
 *   V' ← β^(t1−t0)·V' − μ Σ_src β^(t1−1−s_src)·k(ξ, ξ_src) h_src
 * </pre>
 * ({@link Momentum}): one product with two fixed coefficient sets. The targets are cut into fixed ranges of
 * {@link Grains#TARGET_RANGE} and the sources into blocks of {@link Grains#SOURCE_BLOCK}, each block one matrix
 * product for the dot products, the elementwise kernel, and one for the update, so a point's result does not
 * depend on the thread count.
 *
 * @param width the updated quantity's width (d or dr)
 */
public record StateUpdate(InputKernel kernel, int width, double mu, Momentum momentum) implements Serializable {

    /** Doubles of state a point holds: width, or twice that with momentum (the state and its velocity). */
    public int stride() {
        return momentum.active() ? 2 * width : width;
    }

    /** Initial states (rows×width) as held: a copy with a zero velocity beside each with momentum, else the array itself. */
    public double[] held(double[] values, int rows) {
        if (!momentum.active()) return values;
        double[] s = new double[rows * 2 * width];
        for (int i = 0; i < rows; i++) System.arraycopy(values, i * width, s, i * 2 * width, width);
        return s;
    }

    /** The values (rows×width) of held states: the array itself without momentum, else a copy without the velocities. */
    public double[] values(double[] state, int rows) {
        if (!momentum.active()) return state;
        double[] v = new double[rows * width];
        for (int i = 0; i < rows; i++) System.arraycopy(state, i * 2 * width, v, i * width, width);
        return v;
    }

    /** The matrix-product flops of {@link #apply} for these counts. */
    public long flops(long targets, long sources, int d0) {
        return 2L * targets * sources * (d0 + stride());
    }

    /**
     * Applies sources to targets whose state stands at the sources' first step.
     *
     * @param state modified: targets×{@link #stride}
     * @return the matrix-product flops done
     */
    public long apply(double[] state, Points targets, Sources sources, Workers workers) {
        int n = targets.count(), count = sources.count();
        if (n == 0 || count == 0) return 0;
        double[] h = sources.h();
        if (momentum.active()) {
            carry(state, n, sources.to() - sources.from());
            h = weighted(sources.h(), sources.step(), 0, count, sources.to());
        }
        product(state, stride(), targets, sources.inputs(), h, workers);
        return flops(n, count, targets.d0());
    }

    /**
     * The velocity's part of k steps for rows held states (with momentum): s ← s + a(k)·V', V' ← β^k·V'. Modifies
     * state (rows×2·width).
     */
    public void carry(double[] state, int rows, int k) {
        int w = width;
        double a = momentum.carry(k), decay = momentum.power(k);
        for (int r = 0; r < rows; r++) {
            int o = r * 2 * w;
            for (int c = 0; c < w; c++) {
                state[o + c] += a * state[o + w + c];
                state[o + w + c] *= decay;
            }
        }
    }

    /**
     * The two coefficient sets of sources [from, from + count) at step to: [c(to − s)·h | β^(to−1−s)·h] per source
     * (count×2·width), from h (width each) and the step s of each.
     */
    public double[] weighted(double[] h, int[] step, int from, int count, int to) {
        int w = width;
        double[] out = new double[count * 2 * w];
        int last = Integer.MIN_VALUE;
        double cg = 0, cv = 0;
        for (int i = 0; i < count; i++) {
            int s = step[from + i];
            if (s != last) {
                last = s;
                cg = momentum.weight(to - s);
                cv = momentum.power(to - 1 - s);
            }
            for (int c = 0; c < w; c++) {
                double v = h[(from + i) * w + c];
                out[i * 2 * w + c] = cg * v;
                out[i * 2 * w + w + c] = cv * v;
            }
        }
        return out;
    }

    /** state(targets, cols) += −μ·k(targets, sources)·h (sources×cols), blocked. Modifies state. */
    private void product(double[] state, int cols, Points t, Points s, double[] h, Workers workers) {
        int d0 = t.d0(), targets = t.count(), sources = s.count();
        workers.forRanges(targets, Grains.TARGET_RANGE, (from, to) -> {
            int sbMax = Math.min(Grains.SOURCE_BLOCK, sources);
            double[] kb = new double[Math.min(Grains.TARGET_RANGE, to - from) * sbMax];
            for (int s0 = 0; s0 < sources; s0 += Grains.SOURCE_BLOCK) {
                int sb = Math.min(Grains.SOURCE_BLOCK, sources - s0);
                int tb = to - from;
                Gemm.abt(tb, sb, d0, 1.0, t.xi(), from * d0, s.xi(), s0 * d0, 0.0, kb, 0);
                kernel.inPlace(kb, tb, sb, t.norms(), from, s.norms(), s0, d0);
                Gemm.ab(tb, cols, sb, -mu, kb, 0, h, s0 * cols, 1.0, state, from * cols);
            }
        });
    }

    /**
     * Sources ready to apply: their inputs, h (count×width), the step each was made at, and the steps [from, to)
     * they cover (the targets' state stands at from).
     */
    public record Sources(Points inputs, double[] h, int[] step, int from, int to) {
        public int count() {
            return inputs.count();
        }
    }
}
