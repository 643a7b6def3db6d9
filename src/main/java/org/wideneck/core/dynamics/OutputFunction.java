package org.wideneck.core.dynamics;

import java.io.Serializable;
import java.util.Arrays;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The output function of a bottleneck run at given embeddings after t steps (SPEC §4, paper eq 44 with the erratum
 * fixed: f_0 at the moved embedding; §8.4 for momentum's weights c):
 * <pre>
 *   f_t(x) = f_0(x) − μ Σ_{h∈H} c(t − s_h)·K(x, x_h) χ_h
 * </pre>
 * Points are cut into fixed ranges of {@link Grains#OUTPUT_RANGE} (each computed by one task, in blocks of
 * {@link Grains#OUTPUT_GEMM_ROWS}) and f_0's hidden units and the history are reduced tile by tile
 * ({@link Grains#EVAL_TILE}) in order, so a point's value depends
 * only on its offset modulo {@link Grains#OUTPUT_RANGE} in the array it is evaluated in — the simulator and the
 * Spark executors (blocks of whole ranges) get the same bits.
 *
 * @param net    f_0 (and its φ)
 * @param kernel K of f, on the run's kernel path
 */
public record OutputFunction(InitialNetwork net, FKernel kernel, double mu, Momentum momentum) implements Serializable {

    /** F_t at rows embeddings x (rows×d) against the history after t steps, a fresh rows×dr array. */
    public double[] at(HistoryView history, int t, double[] x, int rows, Workers workers) {
        int d = net.weights().d(), dr = net.weights().dr(), n = net.weights().n();
        double[] out = new double[rows * dr];
        double[][] chi = new double[history.chunks()][];
        for (int c = 0; c < chi.length; c++) chi[c] = history.weightedChi(c, t, momentum);
        workers.forRanges(rows, Grains.OUTPUT_RANGE, (from, to) -> {
            int pb = Math.min(to - from, Grains.OUTPUT_GEMM_ROWS);
            double[] s = new double[pb * Grains.EVAL_TILE];
            for (int r0 = from; r0 < to; r0 += Grains.OUTPUT_GEMM_ROWS) {
                int nb = Math.min(Grains.OUTPUT_GEMM_ROWS, to - r0);
                net.f0(x, r0 * d, nb, out, r0 * dr, s);
                double[] xNorm = Gemm.rowSquaredNorms(Arrays.copyOfRange(x, r0 * d, (r0 + nb) * d), nb, d);
                // the history in tiles whose nb×tile block of kernel values stays in cache from its dot products to
                // its product with χ, which adds into the outputs
                for (int c = 0; c < chi.length; c++) {
                    int hc = history.rows(c);
                    for (int h0 = 0; h0 < hc; h0 += Grains.EVAL_TILE) {
                        int len = Math.min(Grains.EVAL_TILE, hc - h0);
                        Gemm.gemm(false, true, nb, len, d, 1.0, x, r0 * d, d, history.x(c), h0 * d, d, 0.0, s, 0, len);
                        kernel.inPlace(s, nb, len, xNorm, 0, history.norms(c), h0, d);
                        Gemm.ab(nb, dr, len, -mu, s, 0, chi[c], h0 * dr, 1.0, out, r0 * dr);
                    }
                }
            }
        });
        return out;
    }

    /** The matrix-product flops of {@link #at} for rows points against a history of historySize rows. */
    public long flops(long historySize, long rows) {
        int d = net.weights().d(), dr = net.weights().dr();
        return (net.zeroOutput() ? 0 : 2L * rows * net.weights().n() * (d + dr)) + 2L * rows * historySize * (d + dr);
    }
}
