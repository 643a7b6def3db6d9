package org.wideneck.core.run;

import org.wideneck.core.data.Problem;
import org.wideneck.core.loop.TrainSettings;

/**
 * A run's predicted cost from SPEC §4's terms, as matrix-product flops plus kernel pairs (each pair of a
 * point and a history entry, or of two points for `inf`, costs an arccos, a square root and the K/α/β
 * arithmetic on top of its flops):
 * <pre>
 *   bottleneck d:  set-up 2(N+N_t)·n·(d0+d)
 *                  per step s: 2B·N·(d0+d) (eq 42, all training points) + 2B·n·(3d+2dr) (f_0, J_0ᵀχ)
 *                              + 2B·|H_s|·(2d+2dr) flops and B·|H_s| pairs (f, Jᵀχ against the history)
 *                  per evaluation: 2P·|H|·(d+dr) + 2P·n·(d+dr) flops, P·|H| pairs, and the test points' eq 42
 *   inf:           set-up 2(N+N_t)·m·(d0+m); per step 2B·N·d0 flops and 2B·N pairs (Θ_∞ has two arccos)
 * </pre>
 * with P the evaluated points. {@link Estimate#seconds} turns it into one thread's seconds with the rates fitted
 * to the MNIST preset's seven widths on this project's 2-core machine (docs/performance.md: within 2% for the
 * finite widths, +17% for inf). Sweeps start their runs in decreasing order of this cost, so the widest
 * run does not start last.
 */
public final class CostModel {
    /** Matrix-product flops a thread does per second (fitted: 29.8 GFLOP/s). */
    public static final double FLOPS_PER_SECOND = 29.8e9;
    /** Seconds per kernel pair (fitted: 8.8 ns). */
    public static final double SECONDS_PER_PAIR = 8.8e-9;

    /** Predicted work of one run. */
    public record Estimate(double flops, double pairs) {
        public double seconds() {
            return flops / FLOPS_PER_SECOND + pairs * SECONDS_PER_PAIR;
        }
    }

    private CostModel() {}

    public static Estimate estimate(RunPlan plan, Problem p) {
        TrainSettings s = plan.train();
        double n0 = p.train().size(), nt = p.test().size(), d0 = p.d0(), dr = p.dr(), b = s.batchSize(), t = s.steps();
        double ne = s.evalTrainRows(p.train().size());
        double evals = Math.floor(t / s.evalEvery()) + 1 + (t % s.evalEvery() == 0 ? 0 : 1);
        double fl = 0, pr = 0;
        double depth = plan.model().gDepth();
        if (plan.infinite()) {
            double m = plan.init().infWidth();
            fl += plan.init().zeroOutput() ? 0 : 2 * (n0 + nt) * m * (d0 + m * depth);
            fl += t * 2 * b * n0 * d0 + 2 * nt * t * b * d0; // training points each step; test points at evaluations
            pr += t * b * n0 * 2 + nt * t * b * 2;
            return new Estimate(fl, pr);
        }
        double d = plan.model().width(), n = plan.init().width(), pEval = nt + ne;
        fl += 2 * (n0 + nt) * n * (d0 + d + n * (depth - 1));
        fl += t * (2 * b * n0 * (d0 + d) + 2 * b * n * (3 * d + 2 * dr));
        double sumH = b * t * (t - 1) / 2; // Σ_s |H_s| with |H_s| = s·B
        fl += 2 * b * sumH * (2 * d + 2 * dr);
        pr += b * sumH;
        double meanEvalH = b * t / 2; // the history at the evaluations, on average
        fl += evals * (2 * pEval * meanEvalH * (d + dr) + 2 * pEval * n * (d + dr)) + 2 * nt * t * b * (d0 + d);
        pr += evals * pEval * meanEvalH;
        return new Estimate(fl, pr);
    }
}
