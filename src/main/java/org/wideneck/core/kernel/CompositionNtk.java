package org.wideneck.core.kernel;

/**
 * The NTK of the composition f∘g when the bottleneck is infinite too (SPEC §2, "infinite bottleneck";
 * the standard composition recursion):
 * <pre>
 *   q   = Σ_g(ξ, ξ̃),   q_a = |ξ|²/(2 d0),   q_b = |ξ̃|²/(2 d0)
 *   Σ_f, Σ̇_f = Σ, Σ̇ of (a, b, c) := (q_a, q_b, q)
 *   Θ_∞(ξ, ξ̃) = Σ_f + Σ̇_f · (q + Θ(ξ, ξ̃))
 * </pre>
 * The arguments are the input moments a0 = |ξ|²/d0, b0 = |ξ̃|²/d0, c0 = ξ·ξ̃/d0.
 */
public final class CompositionNtk {
    private CompositionNtk() {}

    /** Θ_∞ from the input moments. */
    public static double thetaInf(double a0, double b0, double c0) {
        if (!(a0 > 0) || !(b0 > 0)) return 0.0;
        double q = ReluKernel.sigma(a0, b0, c0);
        double theta = ReluKernel.ntk(a0, b0, c0);
        double qa = 0.5 * a0, qb = 0.5 * b0;
        return ReluKernel.sigma(qa, qb, q) + ReluKernel.sigmaDot(qa, qb, q) * (q + theta);
    }

    /** Θ_∞(ξ, ξ̃) for vectors. */
    public static double thetaInf(double[] xi, double[] xt) {
        double[] m = ReluKernel.moments(xi, xt);
        return thetaInf(m[0], m[1], m[2]);
    }
}
