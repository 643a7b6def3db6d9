package org.wideneck.core.kernel;

/**
 * φ = erf and its kernels in closed form (SPEC §8.1). With the normalised moments {@code a, b, c} of
 * {@link Activation}, A = 1 + 2a, B = 1 + 2b, D = AB and Q = D − 4c² (&gt; 0 always: Q ≥ 1 + 2a + 2b):
 * <pre>
 *   Σ(a, b, c)  = (2/π)·arcsin(2c/√D)
 *   Σ̇(a, b, c)  = (4/π)/√Q                       (φ'(z) = (2/√π)·e^(−z²))
 *   Σ(a, a, a)  = (2/π)·arcsin(2a/(1 + 2a))
 *   K = c·Σ̇ + Σ,   Ξ(x, y) = α·y + β·x:   α = (2Σ̇ + 4c²Σ̇/Q)/m,   β = −2cΣ̇·(B/Q + 1/A)/m
 *   Σ_(1)(x, y) = ∂Σ/∂y = Σ̇·x/m − 2cΣ̇/(mB)·y
 *   Σ_(2)(x, y)[i][j] = ∂²Σ/∂x_i∂y_j = Σ̇δ_ij/m + [Σ̇(4c/Q)·y_i x_j − 2Σ̇(B/Q)·x_i x_j − 2Σ̇(1 + 4c²/Q)/B·y_i y_j
 *                                                + 4Σ̇(c/Q)·x_i y_j]/m²
 * </pre>
 * (the last two from ∂Σ/∂c = Σ̇, ∂Σ/∂a = −Σ̇c/A, ∂Σ/∂b = −Σ̇c/B). There is no cusp: one formula everywhere, and a
 * zero input is no special case (Σ̇ stays positive there: φ'(0) = 2/√π). The scalar methods here are the
 * reference; {@link ErfLoops} (scalar) and {@link ErfSimd} (SIMD) evaluate them over blocks with the same operations.
 */
public final class Erf implements Activation {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "erf";
    public static final Erf INSTANCE = new Erf();
    static final double TWO_OVER_PI = 2.0 / Math.PI;
    static final double FOUR_OVER_PI = 4.0 / Math.PI;

    private Erf() {}

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
        return ErfMath.erf(z);
    }

    @Override
    public double phiPrime(double z) {
        return ErfMath.erfDerivative(z);
    }

    @Override
    public void phiInPlace(double[] z, int off, int len) {
        if (KernelPath.best() == KernelPath.SIMD) {
            VectorErf.erfInPlace(z, off, len);
        } else {
            for (int i = off; i < off + len; i++) z[i] = ErfMath.erf(z[i]);
        }
    }

    @Override
    public void timesPhiPrime(double[] z, int zOff, double[] target, int tOff, int len) {
        if (KernelPath.best() == KernelPath.SIMD) {
            VectorErf.timesDerivative(z, zOff, target, tOff, len);
        } else {
            for (int i = 0; i < len; i++) target[tOff + i] *= ErfMath.erfDerivative(z[zOff + i]);
        }
    }

    static double clip(double r) {
        return r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
    }

    @Override
    public double sigma(double a, double b, double c) {
        double d = (1.0 + 2.0 * a) * (1.0 + 2.0 * b);
        return TWO_OVER_PI * Math.asin(clip(2.0 * c / Math.sqrt(d)));
    }

    @Override
    public double sigmaDot(double a, double b, double c) {
        double d = (1.0 + 2.0 * a) * (1.0 + 2.0 * b);
        return FOUR_OVER_PI / Math.sqrt(d - 4.0 * c * c);
    }

    @Override
    public double sigmaDiag(double a) {
        return TWO_OVER_PI * Math.asin(clip(2.0 * a / (1.0 + 2.0 * a)));
    }

    @Override
    public double ntk(double a, double b, double c) {
        double d = (1.0 + 2.0 * a) * (1.0 + 2.0 * b);
        double sd = FOUR_OVER_PI / Math.sqrt(d - 4.0 * c * c);
        return c * sd + TWO_OVER_PI * Math.asin(clip(2.0 * c / Math.sqrt(d)));
    }

    @Override
    public void xi(double a, double b, double c, int m, double[] out) {
        double invM = 1.0 / m, aa = 1.0 + 2.0 * a, bb = 1.0 + 2.0 * b;
        double q = aa * bb - 4.0 * c * c;
        double sd = FOUR_OVER_PI / Math.sqrt(q);
        out[0] = (2.0 * sd + 4.0 * c * c * sd / q) * invM;
        out[1] = -2.0 * c * sd * (bb / q + 1.0 / aa) * invM;
    }

    @Override
    public double[] sigma1(double[] x, double[] y) {
        int m = x.length;
        double[] abc = Activation.moments(x, y);
        double b = abc[1], c = abc[2];
        double sd = sigmaDot(abc[0], b, c);
        double cy = -2.0 * c * sd / (m * (1.0 + 2.0 * b));
        double[] out = new double[m];
        for (int i = 0; i < m; i++) out[i] = sd * x[i] / m + cy * y[i];
        return out;
    }

    @Override
    public double[][] sigma2(double[] x, double[] y) {
        int m = x.length;
        double[] abc = Activation.moments(x, y);
        double a = abc[0], b = abc[1], c = abc[2];
        double bb = 1.0 + 2.0 * b, q = (1.0 + 2.0 * a) * bb - 4.0 * c * c;
        double sd = FOUR_OVER_PI / Math.sqrt(q);
        double fcc = sd * 4.0 * c / q, fca = -sd * bb / q, fbc = -sd * (1.0 + 4.0 * c * c / q) / bb, fba = sd * c / q;
        double[][] out = new double[m][m];
        double m2 = (double) m * m;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = i == j ? sd / m : 0.0;
                out[i][j] = v + (fcc * y[i] * x[j] + 2.0 * fca * x[i] * x[j] + 2.0 * fbc * y[i] * y[j] + 4.0 * fba * x[i] * y[j]) / m2;
            }
        }
        return out;
    }

    @Override
    public void ntkBlock(KernelPath path, double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms,
                         int colOff, int m) {
        ntkAndXiBlock(path, block, null, null, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    @Override
    public void ntkAndXiBlock(KernelPath path, double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms,
                              int rowOff, double[] colNorms, int colOff, int m) {
        if (path == KernelPath.SIMD) ErfSimd.ntkAndXi(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
        else ErfLoops.ntkAndXi(block, alpha, beta, rows, cols, rowNorms, rowOff, colNorms, colOff, m);
    }

    @Override
    public void sigmaRow(KernelPath path, double a, double[] b, double[] c, double[] sigma, double[] dot, int len) {
        if (path == KernelPath.SIMD) ErfSimd.sigmaRow(a, b, c, sigma, dot, len);
        else ErfLoops.sigmaRow(a, b, c, sigma, dot, 0, len);
    }
}
