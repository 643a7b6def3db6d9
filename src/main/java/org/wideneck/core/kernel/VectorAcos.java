package org.wideneck.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * arccos for SIMD lanes, transcribed from fdlibm's {@code e_acos.c} (the algorithm of
 * {@link StrictMath#acos}): a rational approximation on three ranges, built only from IEEE-exact
 * operations (+, −, ×, ÷, √, bit masks). Unlike the Vector API's own ACOS (an SVML intrinsic only once
 * C2 has compiled the loop, a per-lane fallback before), it gives the same bits in every JIT tier, so
 * results do not depend on warm-up or thread timing; it matches {@link Math#acos} bit for bit on the
 * tested inputs. Inputs must lie in [−1, 1] (callers clip).
 */
final class VectorAcos {
    /** A constant species: C2 intrinsifies vector operations only when the species is a compile-time constant. */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double PI = 3.14159265358979311600e+00;
    private static final double PIO2_HI = 1.57079632679489655800e+00;
    private static final double PIO2_LO = 6.12323399573676603587e-17;
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
    /** fdlibm's |x| ≤ 2^-57 test (high word ≤ 0x3c600000) as a comparison of doubles: |x| < this. */
    private static final double TINY = Double.longBitsToDouble(0x3c60000100000000L);

    private VectorAcos() {}

    /**
     * fdlibm's three ranges share one z per lane (x² for |x| < 0.5, (1 − |x|)/2 otherwise; for x < 0 that
     * is fdlibm's (1 + x)/2 bit for bit), so there is one rational R(z), one division and one square root,
     * all written inline: the Vector API must inline every vector operation, and a helper compiled on its
     * own would box its vectors.
     */
    /**
     * out[i] = arccos(in[i]) for i in [0, len). The whole rational approximation is written inside the
     * loop: as a separate per-vector method it is too large for C2 to inline (372 bytes > 325), and a
     * vector crossing a call loses its static type, so its operations fall back to the Vector API's Java
     * templates (measured: ~4× slower). fdlibm's three ranges share one z per lane (x² for |x| < 0.5,
     * (1 − |x|)/2 otherwise; for x < 0 that is fdlibm's (1 + x)/2 bit for bit): one rational R(z), one
     * division, one square root. The scalar tail uses {@link Math#acos}, which gives the same bits.
     * Modifies out.
     */
    static void acos(double[] in, double[] out, int len) {
        int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, in, i);
            DoubleVector ax = x.abs();
            VectorMask<Double> small = ax.compare(VectorOperators.LT, 0.5);
            VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
            DoubleVector z = ax.neg().add(1.0).mul(0.5).blend(x.mul(x), small);
            DoubleVector p = z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(PS5).add(PS4)).add(PS3)).add(PS2)).add(PS1)).add(PS0));
            DoubleVector q = z.mul(z.mul(z.mul(z.mul(QS4).add(QS3)).add(QS2)).add(QS1)).add(1.0);
            DoubleVector r = p.div(q);
            if (small.allTrue()) {
                // every lane in fdlibm's middle range: the other two ranges' square root and division are skipped
                x.neg().mul(r).add(PIO2_LO).neg().add(x).neg().add(PIO2_HI)
                        .blend(PIO2_HI + PIO2_LO, ax.compare(VectorOperators.LT, TINY)).intoArray(out, i);
                continue;
            }
            DoubleVector s = z.lanewise(VectorOperators.SQRT);
            // |x| < 0.5: π/2 − (x − (pio2_lo − x·r))
            DoubleVector mid = x.neg().mul(r).add(PIO2_LO).neg().add(x).neg().add(PIO2_HI)
                    .blend(PIO2_HI + PIO2_LO, ax.compare(VectorOperators.LT, TINY));
            // x ≤ −0.5: π − 2(s + (r·s − pio2_lo))
            DoubleVector rs = r.mul(s);
            DoubleVector neg = s.add(rs.sub(PIO2_LO)).mul(-2.0).add(PI).blend(PI + 2.0 * PIO2_LO, x.compare(VectorOperators.EQ, -1.0));
            // x ≥ 0.5: df = s with its low word cleared, c = (z − df²)/(s + df), 2(df + (r·s + c))
            DoubleVector df = s.reinterpretAsLongs().lanewise(VectorOperators.AND, 0xffffffff00000000L).reinterpretAsDoubles();
            DoubleVector c = z.sub(df.mul(df)).div(s.add(df));
            DoubleVector pos = df.add(rs.add(c)).mul(2.0).blend(0.0, x.compare(VectorOperators.EQ, 1.0));
            pos.blend(neg, negative).blend(mid, small).intoArray(out, i);
        }
        for (; i < len; i++) out[i] = Math.acos(in[i]);
    }
}
