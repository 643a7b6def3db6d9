package org.wideneck.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link ReluLoops}: the same formulas (SPEC §2, eqs 45–46) and the same operation order as the
 * scalar loops, lane by lane with {@code jdk.incubator.vector}; arccos is {@link VectorAcos} (fdlibm's, the same
 * bits in every JIT tier). φ is a compare and a blend (the scalar loop's data-dependent branch mispredicts on
 * about half of the lanes). Tails shorter than a vector use the scalar loops.
 */
final class ReluSimd {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double INV_TWO_PI = Relu.INV_TWO_PI;

    private ReluSimd() {}

    /** Loads the classes and checks one value against the scalar path. */
    static boolean selfCheck() {
        int n = S.length();
        double[] block = new double[n], norms = new double[n], ref = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = 1.0 + i;
            block[i] = 0.3 * (i + 1);
        }
        System.arraycopy(block, 0, ref, 0, n);
        double[] rn = {2.0};
        ntkAndXi(block, null, null, 1, n, rn, 0, norms, 0, 3);
        ReluLoops.ntkAndXi(ref, null, null, 1, n, rn, 0, norms, 0, 3);
        for (int i = 0; i < n; i++) if (Math.abs(block[i] - ref[i]) > 1e-12 * Math.abs(ref[i])) return false;
        return true;
    }

    /**
     * Cosines of one row into r: r[j] = clip(c_j/√(a·b_j)) (NaN where a·b_j = 0; such lanes are masked
     * later), and √(a·b_j) into sabOut for the caller's later passes (a square root a pair fewer than
     * recomputing it, with the same bits). Modifies r and sabOut.
     */
    private static void cosinesAndScales(double[] block, int o, int cols, double a, double[] colNorms, int colOff, double invM,
                                         double[] r, double[] sabOut) {
        int bound = S.loopBound(cols);
        for (int j = 0; j < bound; j += S.length()) {
            DoubleVector b = DoubleVector.fromArray(S, colNorms, colOff + j).mul(invM);
            DoubleVector c = DoubleVector.fromArray(S, block, o + j).mul(invM);
            DoubleVector sab = b.mul(a).lanewise(VectorOperators.SQRT);
            sab.intoArray(sabOut, j);
            c.div(sab).max(-1.0).min(1.0).intoArray(r, j);
        }
    }

    /**
     * Modifies block (dot products in, K out), and alpha and beta unless they are null (then only K is
     * computed; the test is loop-invariant, so C2 compiles two loops).
     */
    static void ntkAndXi(double[] block, double[] alpha, double[] beta, int rows, int cols,
                         double[] rowNorms, int rowOff, double[] colNorms, int colOff, int m) {
        double invM = 1.0 / m;
        double tol = Relu.PARALLEL_TOL;
        int bound = S.loopBound(cols);
        double[] r = new double[bound], theta = new double[bound], sabs = new double[bound];
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = 0; i < rows; i++) {
            double a = rowNorms[rowOff + i] * invM;
            int o = i * cols;
            cosinesAndScales(block, o, cols, a, colNorms, colOff, invM, r, sabs);
            VectorAcos.acos(r, theta, bound);
            for (int j = 0; j < bound; j += S.length()) {
                DoubleVector c = DoubleVector.fromArray(S, block, o + j).mul(invM);
                DoubleVector sab = DoubleVector.fromArray(S, sabs, j);
                VectorMask<Double> ok = sab.compare(VectorOperators.GT, 0.0);
                DoubleVector rv = DoubleVector.fromArray(S, r, j);
                DoubleVector q = rv.neg().add(1.0).mul(rv.add(1.0)).max(0.0);
                DoubleVector s = sab.mul(q.lanewise(VectorOperators.SQRT));
                DoubleVector pmt = DoubleVector.fromArray(S, theta, j).neg().add(Math.PI);
                DoubleVector k = s.add(c.mul(2.0).mul(pmt)).mul(INV_TWO_PI);
                zero.blend(k, ok).intoArray(block, o + j);
                if (alpha == null) continue;
                DoubleVector twoSd = pmt.mul(INV_TWO_PI * 2.0 * invM);
                VectorMask<Double> generic = s.compare(VectorOperators.GT, sab.mul(tol)).and(ok);
                DoubleVector kk = DoubleVector.broadcast(S, INV_TWO_PI * invM).div(s);
                DoubleVector al = twoSd.add(c.mul(kk));
                DoubleVector be = s.mul(s).sub(c.mul(c)).mul(kk).div(a);
                twoSd.blend(al, generic).blend(zero, ok.not()).intoArray(alpha, o + j);
                zero.blend(be, generic).intoArray(beta, o + j);
            }
            ReluLoops.ntkAndXiRow(block, alpha, beta, o + bound, cols - bound, a, colNorms, colOff + bound, invM);
        }
    }

    /**
     * Modifies block: input dot products in, Θ_∞ out. Its first loop repeats the shape of the first
     * level in {@link #ntkAndXi} on purpose: vector values must not cross a method call (a vector
     * passed to a method C2 does not inline loses its static type and falls back to the Vector API's
     * Java templates, measured ~4× slower), so shared steps are shared through arrays, as
     * {@link #cosinesAndScales} and {@link VectorAcos#acos(double[], double[], int)} are.
     */
    static void thetaInfinity(double[] block, int rows, int cols, double[] rowNorms, int rowOff,
                                double[] colNorms, int colOff, int d0) {
        double invM = 1.0 / d0;
        int bound = S.loopBound(cols);
        double[] r = new double[bound], theta = new double[bound], r2 = new double[bound], theta2 = new double[bound];
        double[] qs = new double[bound], ths = new double[bound], sabs = new double[bound];
        for (int i = 0; i < rows; i++) {
            double a0 = rowNorms[rowOff + i] * invM;
            int o = i * cols;
            cosinesAndScales(block, o, cols, a0, colNorms, colOff, invM, r, sabs);
            VectorAcos.acos(r, theta, bound);
            // second level: cosine of (q_a, q_b, q) = (a0/2, b0/2, Σ_g)
            for (int j = 0; j < bound; j += S.length()) {
                DoubleVector c0 = DoubleVector.fromArray(S, block, o + j).mul(invM);
                DoubleVector sab = DoubleVector.fromArray(S, sabs, j);
                DoubleVector rv = DoubleVector.fromArray(S, r, j);
                DoubleVector s = sab.mul(rv.neg().add(1.0).mul(rv.add(1.0)).max(0.0).lanewise(VectorOperators.SQRT));
                DoubleVector pmt = DoubleVector.fromArray(S, theta, j).neg().add(Math.PI);
                DoubleVector q = s.add(c0.mul(pmt)).mul(INV_TWO_PI);                  // Σ_g
                q.intoArray(qs, j);
                s.add(c0.mul(2.0).mul(pmt)).mul(INV_TWO_PI).intoArray(ths, j);        // Θ
                q.div(sab.mul(0.5)).max(-1.0).min(1.0).intoArray(r2, j);
            }
            VectorAcos.acos(r2, theta2, bound);
            for (int j = 0; j < bound; j += S.length()) {
                DoubleVector sab = DoubleVector.fromArray(S, sabs, j);
                VectorMask<Double> ok = sab.compare(VectorOperators.GT, 0.0);
                DoubleVector q = DoubleVector.fromArray(S, qs, j);
                DoubleVector th = DoubleVector.fromArray(S, ths, j);
                DoubleVector sab2 = sab.mul(0.5);
                DoubleVector rv2 = DoubleVector.fromArray(S, r2, j);
                DoubleVector s2 = sab2.mul(rv2.neg().add(1.0).mul(rv2.add(1.0)).max(0.0).lanewise(VectorOperators.SQRT));
                DoubleVector pmt2 = DoubleVector.fromArray(S, theta2, j).neg().add(Math.PI);
                DoubleVector sigF = s2.add(q.mul(pmt2)).mul(INV_TWO_PI);
                DoubleVector sdF = pmt2.mul(INV_TWO_PI);
                DoubleVector.zero(S).blend(sigF.add(sdF.mul(q.add(th))), ok).intoArray(block, o + j);
            }
            for (int j = bound; j < cols; j++) {
                double b0 = colNorms[colOff + j] * invM;
                block[o + j] = Relu.INSTANCE.thetaInfinity(a0, b0, block[o + j] * invM);
            }
        }
    }

    /** z[off + i] := max(z[off + i], 0) for i in [0, len): a compare (z &gt; 0, false for NaN) and a blend with +0.0. Modifies z. */
    static void phi(double[] z, int off, int len) {
        int bound = S.loopBound(len);
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, z, off + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(z, off + i);
        }
        ReluLoops.phi(z, off + bound, off + len);
    }

    /** target[tOff + i] := 0 where z[zOff + i] is not &gt; 0, for i in [0, len). Modifies target only. */
    static void mask(double[] z, int zOff, double[] target, int tOff, int len) {
        int bound = S.loopBound(len);
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, z, zOff + i);
            zero.blend(DoubleVector.fromArray(S, target, tOff + i), v.compare(VectorOperators.GT, 0.0)).intoArray(target, tOff + i);
        }
        ReluLoops.mask(z, zOff, target, tOff, bound, len);
    }

    /** Σ and Σ̇ of (a, b[j], c[j]) for j in [0, len), the lanes of {@link ReluLoops#sigmaRow}. Modifies sigma and dot. */
    static void sigmaRow(double a, double[] b, double[] c, double[] sigma, double[] dot, int len) {
        if (!(a > 0.0)) {
            Arrays.fill(sigma, 0, len, 0.0);
            Arrays.fill(dot, 0, len, 0.0);
            return;
        }
        int bound = S.loopBound(len);
        double[] r = new double[bound], theta = new double[bound], sabs = new double[bound];
        for (int j = 0; j < bound; j += S.length()) {
            DoubleVector sab = DoubleVector.fromArray(S, b, j).mul(a).lanewise(VectorOperators.SQRT);
            sab.intoArray(sabs, j);
            DoubleVector.fromArray(S, c, j).div(sab).max(-1.0).min(1.0).intoArray(r, j);
        }
        VectorAcos.acos(r, theta, bound);
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < bound; j += S.length()) {
            DoubleVector bv = DoubleVector.fromArray(S, b, j);
            VectorMask<Double> ok = bv.compare(VectorOperators.GT, 0.0);
            DoubleVector sab = DoubleVector.fromArray(S, sabs, j);
            DoubleVector rv = DoubleVector.fromArray(S, r, j);
            DoubleVector q = rv.neg().add(1.0).mul(rv.add(1.0)).max(0.0);
            DoubleVector s = sab.mul(q.lanewise(VectorOperators.SQRT));
            DoubleVector pmt = DoubleVector.fromArray(S, theta, j).neg().add(Math.PI);
            zero.blend(s.add(DoubleVector.fromArray(S, c, j).mul(pmt)).mul(INV_TWO_PI), ok).intoArray(sigma, j);
            zero.blend(pmt.mul(INV_TWO_PI), ok).intoArray(dot, j);
        }
        ReluLoops.sigmaRow(a, b, c, sigma, dot, bound, len);
    }
}
