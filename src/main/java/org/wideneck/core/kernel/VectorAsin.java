package org.wideneck.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * arcsin for SIMD lanes, after fdlibm's {@code e_asin.c} (the algorithm of {@link StrictMath#asin}, whose bits it
 * reproduces): the rational approximation of {@link VectorAcos} on |x| &lt; 0.5, and on 0.5 ≤ |x| ≤ 1 the
 * half-angle form with its two variants below and above |x| = 0.975, built only from IEEE-exact operations, so
 * every JIT tier gives the same bits. Inputs must lie in [−1, 1] (callers clip). The erf kernels' Σ is
 * (2/π)·arcsin(2c/√D) (SPEC §8.1).
 */
final class VectorAsin {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double PIO2_HI = 1.57079632679489655800e+00;
    private static final double PIO2_LO = 6.12323399573676603587e-17;
    private static final double PIO4_HI = 7.85398163397448278999e-01;
    private static final double PS0 = 1.66666666666666657415e-01;
    private static final double PS1 = -3.25565818622400915405e-01;
    private static final double PS2 = 2.01212532134862925881e-01;
    private static final double PS3 = -4.00555345006794114027e-02;
    private static final double PS4 = 7.91534994289814532176e-04;
    private static final double PS5 = 3.47933107596021167570e-05;
    private static final double QS1 = -2.40339491173441421878e+00;
    private static final double QS2 = 2.02094576023350569471e+00;
    private static final double QS3 = -6.88283971605453293030e-01;
    private static final double QS4 = 7.70381505559019352791e-02;
    /** fdlibm's |x| &lt; 2^-27 (high word &lt; 0x3e400000): asin(x) = x. */
    private static final double TINY = Double.longBitsToDouble(0x3e40000000000000L);
    /** fdlibm's |x| ≥ 0.975 (high word ≥ 0x3fef3333). */
    private static final double NEAR_ONE = Double.longBitsToDouble(0x3fef333300000000L);

    private VectorAsin() {}

    /**
     * out[i] = arcsin(in[i]) for i in [0, len); the whole approximation written inside the loop (see
     * {@link VectorAcos#acos}). The scalar tail uses {@link Math#asin}, which gives the same bits. Modifies out.
     */
    static void asin(double[] in, double[] out, int len) {
        int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, in, i);
            DoubleVector ax = x.abs();
            VectorMask<Double> small = ax.compare(VectorOperators.LT, 0.5);
            DoubleVector t = ax.neg().add(1.0).mul(0.5).blend(x.mul(x), small);
            DoubleVector p = t.mul(t.mul(t.mul(t.mul(t.mul(t.mul(PS5).add(PS4)).add(PS3)).add(PS2)).add(PS1)).add(PS0));
            DoubleVector q = t.mul(t.mul(t.mul(t.mul(QS4).add(QS3)).add(QS2)).add(QS1)).add(1.0);
            DoubleVector w = p.div(q);
            // |x| < 0.5: x + x·w (x itself below 2^-27)
            DoubleVector mid = x.add(x.mul(w)).blend(x, ax.compare(VectorOperators.LT, TINY));
            if (small.allTrue()) {
                mid.intoArray(out, i);
                continue;
            }
            DoubleVector s = t.lanewise(VectorOperators.SQRT);
            // 0.975 ≤ |x| < 1: π/2 − (2(s + s·w) − pio2_lo)
            DoubleVector high = s.add(s.mul(w)).mul(2.0).sub(PIO2_LO).neg().add(PIO2_HI);
            // 0.5 ≤ |x| < 0.975: w0 = s with its low word cleared, c = (t − w0²)/(s + w0),
            // π/4 − ((2s·w − (pio2_lo − 2c)) − (π/4 − 2·w0))
            DoubleVector w0 = s.reinterpretAsLongs().lanewise(VectorOperators.AND, 0xffffffff00000000L).reinterpretAsDoubles();
            DoubleVector c = t.sub(w0.mul(w0)).div(s.add(w0));
            DoubleVector pp = s.mul(2.0).mul(w).sub(c.mul(2.0).neg().add(PIO2_LO));
            DoubleVector qq = w0.mul(2.0).neg().add(PIO4_HI);
            DoubleVector low = pp.sub(qq).neg().add(PIO4_HI);
            DoubleVector big = low.blend(high, ax.compare(VectorOperators.GE, NEAR_ONE));
            big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0.0));
            // |x| = 1: x·pio2_hi + x·pio2_lo
            big = big.blend(x.mul(PIO2_HI).add(x.mul(PIO2_LO)), ax.compare(VectorOperators.EQ, 1.0));
            big.blend(mid, small).intoArray(out, i);
        }
        for (; i < len; i++) out[i] = Math.asin(in[i]);
    }
}
