package org.wideneck.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
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
    private static final long ABS = 0x7fffffffffffffffL;
    /** |x| < 0.5 ⇔ high word of |x| < 0x3fe00000. */
    private static final long HALF_BITS = 0x3fe0000000000000L;
    /** |x| ≤ 2^-57 region of fdlibm: high word ≤ 0x3c600000. */
    private static final long TINY_BITS = 0x3c60000100000000L;

    private VectorAcos() {}

    /** R(z) = p(z)/q(z) of fdlibm. */
    private static DoubleVector r(DoubleVector z) {
        DoubleVector p = z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(PS5).add(PS4)).add(PS3)).add(PS2)).add(PS1)).add(PS0));
        DoubleVector q = z.mul(z.mul(z.mul(z.mul(QS4).add(QS3)).add(QS2)).add(QS1)).add(1.0);
        return p.div(q);
    }

    static DoubleVector acos(VectorSpecies<Double> species, DoubleVector x) {
        LongVector bits = x.reinterpretAsLongs();
        LongVector abs = bits.and(ABS);
        VectorMask<Double> small = abs.compare(VectorOperators.LT, HALF_BITS).cast(species);
        VectorMask<Double> tiny = abs.compare(VectorOperators.LT, TINY_BITS).cast(species);
        VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);

        // |x| < 0.5: π/2 − (x − (pio2_lo − x·R(x²)))
        DoubleVector x2 = x.mul(x);
        DoubleVector mid = DoubleVector.broadcast(species, PIO2_HI).sub(x.sub(DoubleVector.broadcast(species, PIO2_LO).sub(x.mul(r(x2)))));
        mid = mid.blend(PIO2_HI + PIO2_LO, tiny);

        // x ≤ −0.5: z = (1+x)/2, s = √z, π − 2(s + (R(z)·s − pio2_lo))
        DoubleVector zn = x.add(1.0).mul(0.5);
        DoubleVector sn = zn.lanewise(VectorOperators.SQRT);
        DoubleVector neg = DoubleVector.broadcast(species, PI).sub(sn.add(r(zn).mul(sn).sub(PIO2_LO)).mul(2.0));

        // x ≥ 0.5: z = (1−x)/2, s = √z, df = s with its low word cleared, c = (z − df²)/(s + df), 2(df + R(z)·s + c)
        DoubleVector zp = x.neg().add(1.0).mul(0.5);
        DoubleVector sp = zp.lanewise(VectorOperators.SQRT);
        DoubleVector df = sp.reinterpretAsLongs().and(0xffffffff00000000L).reinterpretAsDoubles();
        DoubleVector c = zp.sub(df.mul(df)).div(sp.add(df));
        DoubleVector pos = df.add(r(zp).mul(sp).add(c)).mul(2.0);
        // |x| = 1 exactly
        pos = pos.blend(0.0, x.compare(VectorOperators.EQ, 1.0));
        neg = neg.blend(PI + 2.0 * PIO2_LO, x.compare(VectorOperators.EQ, -1.0));

        return pos.blend(neg, negative).blend(mid, small);
    }
}
