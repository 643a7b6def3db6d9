package org.wideneck.core.kernel;

/**
 * The one-hidden-layer ReLU kernels in closed form (SPEC §2; paper eq 45, eq 46).
 *
 * <p>Every function takes the normalised moments of a pair of vectors x, y of dimension m:
 * {@code a = |x|²/m}, {@code b = |y|²/m}, {@code c = x·y/m}; with {@code s = √max(ab − c², 0)} and
 * {@code θ = arccos(clip(c/√(ab), −1, 1))}:
 * <pre>
 *   Σ  = (s + c(π − θ)) / (2π)        NNGP of one ReLU layer      (eq 45)
 *   Σ̇  = (π − θ) / (2π)               derivative kernel           (eq 45)
 *   K  = c·Σ̇ + Σ                      NTK (K for f with m = d, Θ for g with m = d0)
 *   Ξ(x, y) = ∂K(x,y)/∂x = α·y + β·x                               (eq 13, eq 46)
 *   α = 2Σ̇/m + c/(2π m s),  β = (s² − c²)/(2π m a s)   when s > 1e-12·√(ab)
 *   α = 2Σ̇/m,               β = 0                      when s ≤ 1e-12·√(ab) (the cusp convention)
 * </pre>
 * If a = 0 or b = 0 every value is 0. The scalar methods here are the reference path; the blocked
 * hot loops in {@link KernelBlocks} must agree with them.
 */
public final class ReluKernel {
    /** Relative size of s below which x ∥ y and the cusp convention of SPEC §2 applies. */
    public static final double PARALLEL_TOL = 1e-12;
    static final double TWO_PI = 2.0 * Math.PI;
    /** 1/(2π): every path multiplies by it (same operation order as the SIMD path, so they agree even at the cusp). */
    static final double INV_TWO_PI = 1.0 / TWO_PI;

    private ReluKernel() {}

    /** Cosine of the angle, clipped to [−1, 1]; 0 when a or b is 0. */
    static double cosine(double a, double b, double c) {
        double r = c / Math.sqrt(a * b);
        return r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
    }

    /** s = √max(ab − c², 0), computed as √(ab)·√((1−r)(1+r)) to avoid cancellation near x ∥ y. */
    static double sine(double a, double b, double r) {
        double q = (1.0 - r) * (1.0 + r);
        return Math.sqrt(a * b) * Math.sqrt(q > 0.0 ? q : 0.0);
    }

    private static boolean degenerate(double a, double b) {
        return !(a > 0.0) || !(b > 0.0);
    }

    /** Σ(x, y) of eq 45. */
    public static double sigma(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        double r = cosine(a, b, c);
        return (sine(a, b, r) + c * (Math.PI - Math.acos(r))) * INV_TWO_PI;
    }

    /** Σ̇(x, y) of eq 45. */
    public static double sigmaDot(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        return (Math.PI - Math.acos(cosine(a, b, c))) * INV_TWO_PI;
    }

    /** The NTK c·Σ̇ + Σ (K of f with m = d, Θ of g with m = d0). */
    public static double ntk(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        double r = cosine(a, b, c);
        double pmt = Math.PI - Math.acos(r);
        return (sine(a, b, r) + 2.0 * c * pmt) * INV_TWO_PI;
    }

    /**
     * The coefficients of Ξ(x, y) = α·y + β·x (SPEC §2), for vectors of dimension m.
     *
     * @param out modified: out[0] = α, out[1] = β
     */
    public static void xi(double a, double b, double c, int m, double[] out) {
        if (degenerate(a, b)) {
            out[0] = 0.0;
            out[1] = 0.0;
            return;
        }
        double r = cosine(a, b, c);
        double s = sine(a, b, r);
        double sd = (Math.PI - Math.acos(r)) * INV_TWO_PI;
        if (s > PARALLEL_TOL * Math.sqrt(a * b)) {
            double k = INV_TWO_PI * (1.0 / m) / s;
            out[0] = 2.0 * sd / m + c * k;
            out[1] = (s * s - c * c) * k / a;
        } else {
            out[0] = 2.0 * sd / m;
            out[1] = 0.0;
        }
    }

    /** Moments (a, b, c) of two vectors of dimension m. */
    public static double[] moments(double[] x, double[] y) {
        int m = x.length;
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < m; i++) {
            xx += x[i] * x[i];
            yy += y[i] * y[i];
            xy += x[i] * y[i];
        }
        return new double[] {xx / m, yy / m, xy / m};
    }

    /** K(x, y) for vectors; convenience for tests and small evaluations. */
    public static double ntk(double[] x, double[] y) {
        double[] abc = moments(x, y);
        return ntk(abc[0], abc[1], abc[2]);
    }

    /** Σ(x, y) for vectors. */
    public static double sigma(double[] x, double[] y) {
        double[] abc = moments(x, y);
        return sigma(abc[0], abc[1], abc[2]);
    }

    /** Ξ(x, y) = ∂K(x, y)/∂x as a vector (eq 46 with the cusp convention). */
    public static double[] xi(double[] x, double[] y) {
        double[] abc = moments(x, y);
        double[] ab = new double[2];
        xi(abc[0], abc[1], abc[2], x.length, ab);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = ab[0] * y[i] + ab[1] * x[i];
        return out;
    }
}
