package org.wideneck.core.kernel;

import static org.wideneck.core.kernel.Erf.FOUR_OVER_PI;
import static org.wideneck.core.kernel.Erf.TWO_OVER_PI;

/**
 * The scalar loops of {@link Erf} over blocks of vector pairs, given their dot products and squared norms: the
 * reference {@link ErfSimd} is tested against, with the operations of {@link Erf#ntk}, {@link Erf#xi},
 * {@link Erf#sigma} and {@link Erf#sigmaDot} in the same order. Each method states the arrays it modifies.
 */
final class ErfLoops {
    private ErfLoops() {}

    /**
     * K, and α, β of Ξ unless alpha is null, for every pair.
     *
     * @param block modified: dot products in, K out
     * @param alpha modified unless null
     * @param beta  modified unless null
     */
    static void ntkAndXi(double[] block, double[] alpha, double[] beta, int rows, int cols, double[] rowNorms, int rowOff,
                         double[] colNorms, int colOff, int m) {
        double invM = 1.0 / m;
        for (int i = 0; i < rows; i++) {
            double a = rowNorms[rowOff + i] * invM;
            double aa = 1.0 + 2.0 * a, invA = 1.0 / aa;
            ntkAndXiRow(block, alpha, beta, i * cols, 0, cols, aa, invA, colNorms, colOff, invM);
        }
    }

    /** Pairs [from, to) of the row starting at block[o]. Modifies block, and alpha, beta unless null. */
    static void ntkAndXiRow(double[] block, double[] alpha, double[] beta, int o, int from, int to, double aa, double invA,
                            double[] colNorms, int colOff, double invM) {
        for (int j = from; j < to; j++) {
            int p = o + j;
            double b = colNorms[colOff + j] * invM;
            double c = block[p] * invM;
            double bb = 1.0 + 2.0 * b;
            double d = aa * bb;
            double q = d - 4.0 * c * c;
            double sd = FOUR_OVER_PI / Math.sqrt(q);
            double sg = TWO_OVER_PI * Math.asin(Erf.clip(2.0 * c / Math.sqrt(d)));
            block[p] = c * sd + sg;
            if (alpha == null) continue;
            alpha[p] = (2.0 * sd + 4.0 * c * c * sd / q) * invM;
            beta[p] = -2.0 * c * sd * (bb / q + invA) * invM;
        }
    }

    /** Σ and Σ̇ of (a, b[j], c[j]) for j in [from, to). Modifies sigma and dot. */
    static void sigmaRow(double a, double[] b, double[] c, double[] sigma, double[] dot, int from, int to) {
        double aa = 1.0 + 2.0 * a;
        for (int j = from; j < to; j++) {
            double d = aa * (1.0 + 2.0 * b[j]);
            sigma[j] = TWO_OVER_PI * Math.asin(Erf.clip(2.0 * c[j] / Math.sqrt(d)));
            dot[j] = FOUR_OVER_PI / Math.sqrt(d - 4.0 * c[j] * c[j]);
        }
    }
}
