package org.wideneck.core.kernel;

/**
 * φ = ReLU and its kernels in closed form (SPEC §2; paper eq 45, eq 46, lemma 3.1). With the normalised moments
 * {@code a, b, c} of {@link Activation}, {@code s = √max(ab − c², 0)} and {@code θ = arccos(clip(c/√(ab), −1, 1))}:
 * <pre>
 *   Σ  = (s + c(π − θ)) / (2π)        NNGP of one ReLU layer      (eq 45)
 *   Σ̇  = (π − θ) / (2π)               derivative kernel           (eq 45)
 *   K  = c·Σ̇ + Σ = (s + 2c(π − θ))/(2π)
 *   Ξ(x, y) = α·y + β·x:  α = 2Σ̇/m + c/(2π m s),  β = (s² − c²)/(2π m a s)   when s &gt; 1e-12·√(ab)
 *                         α = 2Σ̇/m,               β = 0                      when s ≤ 1e-12·√(ab) (the cusp convention)
 *   Σ_(1)(x, y) = Σ̇·x/m + (s/(2π m b))·y                                                        (eq 10)
 *   Σ_(2)(x, y) = Σ̇·I/m + [y xᵀ + x yᵀ − (c/b) y yᵀ − (c/a) x xᵀ] / (2π m² s)  (bracket 0 at the cusp)  (eq 11)
 *   Θ_∞ (one-layer g) = Σ_f + Σ̇_f·(q + Θ),   q = Σ(a, b, c),  (Σ_f, Σ̇_f) at (a/2, b/2, q)             (SPEC §2)
 * </pre>
 * If a = 0 or b = 0 every value is 0. The scalar methods here are the reference; {@link ReluLoops} (scalar) and
 * {@link ReluSimd} (SIMD) evaluate them over blocks and must agree with them.
 */
public final class Relu implements Activation {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "relu";
    public static final Relu INSTANCE = new Relu();
    /** Relative size of s below which x ∥ y and the cusp convention of SPEC §2 applies. */
    public static final double PARALLEL_TOL = 1e-12;
    static final double TWO_PI = 2.0 * Math.PI;
    /** 1/(2π): every path multiplies by it (same operation order as the SIMD path, so they agree even at the cusp). */
    static final double INV_TWO_PI = 1.0 / TWO_PI;

    private Relu() {}

    private Object readResolve() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return NAME;
    }

    @Override
    public double phi(double z) {
        return z > 0.0 ? z : 0.0;
    }

    @Override
    public double phiPrime(double z) {
        return z > 0.0 ? 1.0 : 0.0;
    }

    /** A lane is kept where z &gt; 0 and set to +0.0 otherwise (so −0.0 and NaN become +0.0), on either path. */
    @Override
    public void phiInPlace(double[] z, int off, int len) {
        if (KernelPath.best() == KernelPath.SIMD) ReluSimd.phi(z, off, len);
        else ReluLoops.phi(z, off, off + len);
    }

    /** target := 0 where z is not &gt; 0 (a mask: the values kept are not multiplied). */
    @Override
    public void timesPhiPrime(double[] z, int zOff, double[] target, int tOff, int len) {
        if (KernelPath.best() == KernelPath.SIMD) ReluSimd.mask(z, zOff, target, tOff, len);
        else ReluLoops.mask(z, zOff, target, tOff, 0, len);
    }

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

    @Override
    public double sigma(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        double r = cosine(a, b, c);
        return (sine(a, b, r) + c * (Math.PI - Math.acos(r))) * INV_TWO_PI;
    }

    @Override
    public double sigmaDot(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        return (Math.PI - Math.acos(cosine(a, b, c))) * INV_TWO_PI;
    }

    @Override
    public double sigmaDiag(double a) {
        return 0.5 * a;
    }

    @Override
    public double ntk(double a, double b, double c) {
        if (degenerate(a, b)) return 0.0;
        double r = cosine(a, b, c);
        double pmt = Math.PI - Math.acos(r);
        return (sine(a, b, r) + 2.0 * c * pmt) * INV_TWO_PI;
    }

    @Override
    public void xi(double a, double b, double c, int m, double[] out) {
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

    @Override
    public double[] sigma1(double[] x, double[] y) {
        int m = x.length;
        double[] abc = Activation.moments(x, y);
        double a = abc[0], b = abc[1], c = abc[2];
        double[] out = new double[m];
        if (degenerate(a, b)) return out;
        double r = cosine(a, b, c);
        double s = sine(a, b, r);
        double sd = (Math.PI - Math.acos(r)) / TWO_PI;
        double cy = s / (TWO_PI * m * b);
        for (int i = 0; i < m; i++) out[i] = sd * x[i] / m + cy * y[i];
        return out;
    }

    @Override
    public double[][] sigma2(double[] x, double[] y) {
        int m = x.length;
        double[] abc = Activation.moments(x, y);
        double a = abc[0], b = abc[1], c = abc[2];
        double[][] out = new double[m][m];
        if (degenerate(a, b)) return out;
        double r = cosine(a, b, c);
        double s = sine(a, b, r);
        double sd = (Math.PI - Math.acos(r)) / TWO_PI;
        boolean bracket = s > PARALLEL_TOL * Math.sqrt(a * b);
        double k = bracket ? 1.0 / (TWO_PI * (double) m * m * s) : 0.0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = (i == j) ? sd / m : 0.0;
                if (bracket) v += k * (y[i] * x[j] + x[i] * y[j] - (c / b) * y[i] * y[j] - (c / a) * x[i] * x[j]);
                out[i][j] = v;
            }
        }
        return out;
    }

    @Override
    public void ntkBlock(KernelPath path, double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms,
                         int colOff, int m) {
        if (path == KernelPath.SIMD) ReluSimd.ntkAndXi(block, null, null, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
        else ReluLoops.ntkAndXi(block, null, null, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    @Override
    public void ntkAndXiBlock(KernelPath path, double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms,
                              int rowOff, double[] colNorms, int colOff, int m) {
        if (path == KernelPath.SIMD) ReluSimd.ntkAndXi(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
        else ReluLoops.ntkAndXi(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    @Override
    public void sigmaRow(KernelPath path, double a, double[] b, double[] c, double[] sigma, double[] dot, int len) {
        if (path == KernelPath.SIMD) ReluSimd.sigmaRow(a, b, c, sigma, dot, len);
        else ReluLoops.sigmaRow(a, b, c, sigma, dot, 0, len);
    }

    @Override
    public boolean thetaInfinityBlock(KernelPath path, double[] block, int rows, int cols, double[] rowNorms, int rowOff,
                                      double[] colNorms, int colOff, int d0) {
        if (path == KernelPath.SIMD) ReluSimd.thetaInfinity(block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
        else ReluLoops.thetaInfinity(block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
        return true;
    }

    @Override
    public double thetaInfinity(double a0, double b0, double c0) {
        if (degenerate(a0, b0)) return 0.0;
        double q = sigma(a0, b0, c0);
        double theta = ntk(a0, b0, c0);
        double qa = 0.5 * a0, qb = 0.5 * b0;
        return sigma(qa, qb, q) + sigmaDot(qa, qb, q) * (q + theta);
    }
}
