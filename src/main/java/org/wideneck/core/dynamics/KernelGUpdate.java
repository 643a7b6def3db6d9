package org.wideneck.core.dynamics;

import org.wideneck.core.parallel.Grains;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.parallel.Workers;

/**
 * The embedding update of eq 42 applied to a set of target points:
 * <pre>
 *   g(ξ_t) ← g(ξ_t) − μ Σ_s K(ξ_t, ξ_s) h_s
 * </pre>
 * with K = Θ of g (the bottleneck runs, h_s = J_sᵀχ_s ∈ R^d) or K = Θ_∞ (the `inf` runs, where the
 * updated quantity is F itself and h_s = χ_s ∈ R^dr, SPEC §4). Blocked over targets and sources, each
 * block one matrix product for the dot products, the elementwise kernel, and one for the update.
 */
final class KernelGUpdate {

    private KernelGUpdate() {}

    /**
     * @param g modified: targets×width, the quantity being updated
     * @return the matrix-product flops done
     */
    static long apply(double[] g, int width, double[] tXi, double[] tNorm, int targets,
                      double[] sXi, double[] sNorm, double[] sH, int sources, int d0, double mu, boolean infinite,
                      KernelPath path, Workers workers) {
        if (targets == 0 || sources == 0) return 0;
        workers.forRanges(targets, Grains.TARGET_RANGE, (from, to) -> {
            int sbMax = Math.min(Grains.SOURCE_BLOCK, sources);
            double[] kb = new double[Math.min(Grains.TARGET_RANGE, to - from) * sbMax];
            for (int s0 = 0; s0 < sources; s0 += Grains.SOURCE_BLOCK) {
                int sb = Math.min(Grains.SOURCE_BLOCK, sources - s0);
                int tb = to - from;
                Gemm.abt(tb, sb, d0, 1.0, tXi, from * d0, sXi, s0 * d0, 0.0, kb, 0);
                if (infinite) {
                    path.thetaInfInPlace(kb, tb, sb, tNorm, from, sNorm, s0, d0);
                } else {
                    path.ntkInPlace(kb, tb, sb, tNorm, from, sNorm, s0, d0);
                }
                Gemm.ab(tb, width, sb, -mu, kb, 0, sH, s0 * width, 1.0, g, from * width);
            }
        });
        return 2L * targets * sources * (d0 + width);
    }
}
