package org.wideneck.core.kernel;

import static org.wideneck.core.kernel.Erf.FOUR_OVER_PI;
import static org.wideneck.core.kernel.Erf.TWO_OVER_PI;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link ErfLoops}: the same operations lane by lane, arcsin from {@link VectorAsin} (fdlibm's,
 * the same bits in every JIT tier). A row is two passes through arrays — the clipped arguments 2c/√D, their
 * arcsin, then Σ̇, K, α and β — because vectors must not cross a method call. Tails use the scalar loops.
 */
final class ErfSimd {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private ErfSimd() {}

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
        int bound = S.loopBound(cols);
        double[] r = new double[bound], as = new double[bound];
        for (int i = 0; i < rows; i++) {
            double a = rowNorms[rowOff + i] * invM;
            double aa = 1.0 + 2.0 * a, invA = 1.0 / aa;
            int o = i * cols;
            for (int j = 0; j < bound; j += S.length()) {
                DoubleVector b = DoubleVector.fromArray(S, colNorms, colOff + j).mul(invM);
                DoubleVector c = DoubleVector.fromArray(S, block, o + j).mul(invM);
                DoubleVector d = b.mul(2.0).add(1.0).mul(aa);
                c.mul(2.0).div(d.lanewise(VectorOperators.SQRT)).max(-1.0).min(1.0).intoArray(r, j);
            }
            VectorAsin.asin(r, as, bound);
            for (int j = 0; j < bound; j += S.length()) {
                DoubleVector b = DoubleVector.fromArray(S, colNorms, colOff + j).mul(invM);
                DoubleVector c = DoubleVector.fromArray(S, block, o + j).mul(invM);
                DoubleVector bb = b.mul(2.0).add(1.0);
                DoubleVector q = bb.mul(aa).sub(c.mul(4.0).mul(c));
                DoubleVector sd = DoubleVector.broadcast(S, FOUR_OVER_PI).div(q.lanewise(VectorOperators.SQRT));
                DoubleVector sg = DoubleVector.fromArray(S, as, j).mul(TWO_OVER_PI);
                c.mul(sd).add(sg).intoArray(block, o + j);
                if (alpha == null) continue;
                sd.mul(2.0).add(c.mul(4.0).mul(c).mul(sd).div(q)).mul(invM).intoArray(alpha, o + j);
                c.mul(-2.0).mul(sd).mul(bb.div(q).add(invA)).mul(invM).intoArray(beta, o + j);
            }
            ErfLoops.ntkAndXiRow(block, alpha, beta, o, bound, cols, aa, invA, colNorms, colOff, invM);
        }
    }

    /** Σ and Σ̇ of (a, b[j], c[j]) for j in [0, len), the lanes of {@link ErfLoops#sigmaRow}. Modifies sigma and dot. */
    static void sigmaRow(double a, double[] b, double[] c, double[] sigma, double[] dot, int len) {
        int bound = S.loopBound(len);
        double[] r = new double[bound];
        double aa = 1.0 + 2.0 * a;
        for (int j = 0; j < bound; j += S.length()) {
            DoubleVector d = DoubleVector.fromArray(S, b, j).mul(2.0).add(1.0).mul(aa);
            DoubleVector cv = DoubleVector.fromArray(S, c, j);
            cv.mul(2.0).div(d.lanewise(VectorOperators.SQRT)).max(-1.0).min(1.0).intoArray(r, j);
            DoubleVector.broadcast(S, FOUR_OVER_PI).div(d.sub(cv.mul(4.0).mul(cv)).lanewise(VectorOperators.SQRT)).intoArray(dot, j);
        }
        VectorAsin.asin(r, sigma, bound);
        for (int j = 0; j < bound; j += S.length()) DoubleVector.fromArray(S, sigma, j).mul(TWO_OVER_PI).intoArray(sigma, j);
        ErfLoops.sigmaRow(a, b, c, sigma, dot, bound, len);
    }
}
