package org.wideneck.core.kernel;

/**
 * Covariances of the input–output Jacobian J(x) = ∂f(x)/∂x of an infinitely wide ReLU layer
 * (SPEC §2; paper lemma 3.1, eqs 8–11), for one output row:
 * <pre>
 *   Σ_(1)(x, y) = Cov(f(x), J(y))  = ∂Σ(x,y)/∂y = Σ̇·x/m + (s/(2π m b))·y                         (eq 10)
 *   Σ_(2)(x, y) = Cov(J(x), J(y))  = Σ̇·I/m + [y xᵀ + x yᵀ − (c/b) y yᵀ − (c/a) x xᵀ] / (2π m² s)  (eq 11)
 * </pre>
 * The bracket is 0 where s ≤ 1e-12·√(ab) (so Σ_(2)(x, x) = I/(2m)). Element [β][γ] of Σ_(2) is
 * Cov(J^β(x), J^γ(y)).
 */
public final class JacobianCovariance {
    private JacobianCovariance() {}

    /** Σ_(1)(x, y) ∈ R^m. */
    public static double[] sigma1(double[] x, double[] y) {
        int m = x.length;
        double[] abc = ReluKernel.moments(x, y);
        double a = abc[0], b = abc[1], c = abc[2];
        double[] out = new double[m];
        if (!(a > 0) || !(b > 0)) return out;
        double r = ReluKernel.cosine(a, b, c);
        double s = ReluKernel.sine(a, b, r);
        double sd = (Math.PI - Math.acos(r)) / ReluKernel.TWO_PI;
        double cy = s / (ReluKernel.TWO_PI * m * b);
        for (int i = 0; i < m; i++) out[i] = sd * x[i] / m + cy * y[i];
        return out;
    }

    /** Σ_(2)(x, y) ∈ R^{m×m}, row-major. */
    public static double[][] sigma2(double[] x, double[] y) {
        int m = x.length;
        double[] abc = ReluKernel.moments(x, y);
        double a = abc[0], b = abc[1], c = abc[2];
        double[][] out = new double[m][m];
        if (!(a > 0) || !(b > 0)) return out;
        double r = ReluKernel.cosine(a, b, c);
        double s = ReluKernel.sine(a, b, r);
        double sd = (Math.PI - Math.acos(r)) / ReluKernel.TWO_PI;
        boolean bracket = s > ReluKernel.PARALLEL_TOL * Math.sqrt(a * b);
        double k = bracket ? 1.0 / (ReluKernel.TWO_PI * (double) m * m * s) : 0.0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = (i == j) ? sd / m : 0.0;
                if (bracket) {
                    v += k * (y[i] * x[j] + x[i] * y[j] - (c / b) * y[i] * y[j] - (c / a) * x[i] * x[j]);
                }
                out[i][j] = v;
            }
        }
        return out;
    }
}
