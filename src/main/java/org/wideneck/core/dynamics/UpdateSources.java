package org.wideneck.core.dynamics;

import java.io.Serializable;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.parallel.Workers;

/**
 * Sources of the eq 42 updates made since some point in the run: for each batch point of each step its
 * training index s, |ξ_s|² and h_s (h_s = J_sᵀχ_s ∈ R^d for the bottleneck runs, χ_s ∈ R^dr for
 * `inf`). Immutable once made; applying them to a set of target points is {@link #apply}.
 */
public record UpdateSources(int count, int width, int[] index, double[] norm, double[] h) implements Serializable {
    public UpdateSources {
        if (index.length < count || norm.length < count || h.length < (long) count * width) {
            throw new IllegalArgumentException("update sources shorter than their count " + count);
        }
    }

    /** The matrix-product flops of {@link #apply} to the given number of targets. */
    public long flops(long targets, int d0) {
        return 2L * targets * count * (d0 + width);
    }

    /**
     * g(ξ_t) ← g(ξ_t) − μ Σ_s K(ξ_t, ξ_s) h_s for the targets, with K = Θ (bottleneck) or Θ_∞ (`inf`), the
     * sources' ξ gathered from the training inputs trainX (N×d0).
     *
     * @param g modified: targets×width
     * @return matrix-product flops done
     */
    public long apply(double[] g, double[] tXi, double[] tNorm, int targets, double[] trainX, int d0, double mu,
                      boolean infinite, KernelPath path, Workers workers) {
        if (count == 0) return 0;
        double[] xi = org.wideneck.core.linalg.Rows.gather(trainX, d0, index, 0, count);
        return KernelGUpdate.apply(g, width, tXi, tNorm, targets, xi, norm, h, count, d0, mu, infinite, path, workers);
    }
}
