package org.wideneck.core.kernel;

/**
 * erf(z) and e^z for the erf activation (SPEC §8.1: φ = erf, φ' = (2/√π)·e^(−z²)), written with IEEE-exact
 * operations only (+, −, ×, ÷, √, bit masks), so that {@link VectorErf}, which performs the same operations lane
 * by lane, gives the same bits in every JIT tier. e^z follows fdlibm's {@code e_exp.c} (the algorithm of
 * {@link StrictMath#exp}, whose bits it reproduces), erf follows fdlibm's {@code s_erf.c}: rational
 * approximations on [0, 0.84375), [0.84375, 1.25), [1.25, 1/0.35), [1/0.35, 6) and ±1 beyond, errors below one
 * unit in the last place. These scalar forms are the reference the SIMD path is tested against; the tests also
 * hold erf against a high-precision series.
 */
public final class ErfMath {
    static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;

    // e^x, fdlibm e_exp.c
    static final double O_THRESHOLD = 7.09782712893383973096e+02;
    static final double U_THRESHOLD = -7.45133219101941108420e+02;
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    static final double INV_LN2 = 1.44269504088896338700e+00;
    static final double P1 = 1.66666666666666019037e-01;
    static final double P2 = -2.77777777770155933842e-03;
    static final double P3 = 6.61375632143793436117e-05;
    static final double P4 = -1.65339022054652515390e-06;
    static final double P5 = 4.13813679705723846039e-08;
    static final double TWO_M1000 = 9.33263618503218878990e-302;
    /** hx &lt; 0x3e300000: |x| &lt; 2^-28, where e^x rounds to 1 + x. */
    static final double EXP_TINY = Double.longBitsToDouble(0x3e30000000000000L);
    /** fdlibm's range tests on the high word, as comparisons of doubles: hx &gt; 0x3fd62e42 (|x| &gt; 0.5·ln 2) ⇔ |x| ≥ this. */
    static final double HALF_LN2 = Double.longBitsToDouble(0x3fd62e4300000000L);
    /** hx &lt; 0x3ff0a2b2 (|x| &lt; 1.5·ln 2) ⇔ |x| &lt; this. */
    static final double THREE_HALF_LN2 = Double.longBitsToDouble(0x3ff0a2b200000000L);

    // erf, fdlibm s_erf.c
    static final double ERX = 8.45062911510467529297e-01;
    static final double EFX = 1.28379167095512586316e-01;
    static final double EFX8 = 1.02703333676410069053e+00;
    static final double PP0 = 1.28379167095512558561e-01;
    static final double PP1 = -3.25042107247001499370e-01;
    static final double PP2 = -2.84817495755985104766e-02;
    static final double PP3 = -5.77027029648944159157e-03;
    static final double PP4 = -2.37630166566501626084e-05;
    static final double QQ1 = 3.97917223959155352819e-01;
    static final double QQ2 = 6.50222499887672944485e-02;
    static final double QQ3 = 5.08130628187576562776e-03;
    static final double QQ4 = 1.32494738004321644526e-04;
    static final double QQ5 = -3.96022827877536812320e-06;
    static final double PA0 = -2.36211856075265944077e-03;
    static final double PA1 = 4.14856118683748331666e-01;
    static final double PA2 = -3.72207876035701323847e-01;
    static final double PA3 = 3.18346619901161753674e-01;
    static final double PA4 = -1.10894694282396677476e-01;
    static final double PA5 = 3.54783043256182359371e-02;
    static final double PA6 = -2.16637559486879084300e-03;
    static final double QA1 = 1.06420880400844228286e-01;
    static final double QA2 = 5.40397917702171048937e-01;
    static final double QA3 = 7.18286544141962662868e-02;
    static final double QA4 = 1.26171219808761642112e-01;
    static final double QA5 = 1.36370839120290507362e-02;
    static final double QA6 = 1.19844998467991074170e-02;
    static final double RA0 = -9.86494403484714822705e-03;
    static final double RA1 = -6.93858572707181764372e-01;
    static final double RA2 = -1.05586262253232909814e+01;
    static final double RA3 = -6.23753324503260060396e+01;
    static final double RA4 = -1.62396669462573470355e+02;
    static final double RA5 = -1.84605092906711035994e+02;
    static final double RA6 = -8.12874355063065934246e+01;
    static final double RA7 = -9.81432934416914548592e+00;
    static final double SA1 = 1.96512716674392571292e+01;
    static final double SA2 = 1.37657754143519042600e+02;
    static final double SA3 = 4.34565877475229228821e+02;
    static final double SA4 = 6.45387271733267880336e+02;
    static final double SA5 = 4.29008140027567833386e+02;
    static final double SA6 = 1.08635005541779435134e+02;
    static final double SA7 = 6.57024977031928170135e+00;
    static final double SA8 = -6.04244152148580987438e-02;
    static final double RB0 = -9.86494292470009928597e-03;
    static final double RB1 = -7.99283237680523006574e-01;
    static final double RB2 = -1.77579549177547519889e+01;
    static final double RB3 = -1.60636384855821916062e+02;
    static final double RB4 = -6.37566443368389627722e+02;
    static final double RB5 = -1.02509513161107724954e+03;
    static final double RB6 = -4.83519191608651397019e+02;
    static final double SB1 = 3.03380607434824582924e+01;
    static final double SB2 = 3.25792512996573918826e+02;
    static final double SB3 = 1.53672958608443695994e+03;
    static final double SB4 = 3.19985821950859553908e+03;
    static final double SB5 = 2.55305040643316442583e+03;
    static final double SB6 = 4.74528541206955367215e+02;
    static final double SB7 = -2.24409524465858183362e+01;
    /** The range limits of erf, as fdlibm compares high words: 2^-28, 0.84375, 1.25, 1/0.35, 6. */
    static final double ERF_TINY = Double.longBitsToDouble(0x3e30000000000000L);
    static final double ERF_UNDERFLOW = Double.longBitsToDouble(0x0080000000000000L);
    static final double ERF_SMALL = 0.84375;
    static final double ERF_MID = 1.25;
    static final double ERF_TAIL = Double.longBitsToDouble(0x4006db6e00000000L);
    static final double ERF_ONE = 6.0;
    static final double TINY = 1e-300;

    private ErfMath() {}

    /** e^x with fdlibm's argument reduction and polynomial; the bits of {@link StrictMath#exp}. */
    public static double exp(double x) {
        if (Double.isNaN(x)) return x;
        if (x > O_THRESHOLD) return Double.POSITIVE_INFINITY;
        if (x < U_THRESHOLD) return 0.0;
        double ax = Math.abs(x);
        double hi = x, lo = 0.0;
        int k = 0;
        if (ax >= HALF_LN2) {
            if (ax < THREE_HALF_LN2) {
                k = x < 0 ? -1 : 1;
                hi = x < 0 ? x + LN2_HI : x - LN2_HI;
                lo = x < 0 ? -LN2_LO : LN2_LO;
            } else {
                k = (int) (INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
                double t = k;
                hi = x - t * LN2_HI;
                lo = t * LN2_LO;
            }
            x = hi - lo;
        } else if (ax < EXP_TINY) {
            return 1.0 + x;
        }
        double t = x * x;
        double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
        if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
        double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
        if (k >= -1021) return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
        return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) (k + 1000) << 52)) * TWO_M1000;
    }

    /** erf(x), fdlibm's algorithm. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < ERF_SMALL) {
            if (ax < ERF_TINY) {
                if (ax < ERF_UNDERFLOW) return 0.125 * (8.0 * x + EFX8 * x);
                return x + EFX * x;
            }
            double z = x * x;
            double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
            double s = 1.0 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
            return x + x * (r / s);
        }
        if (ax < ERF_MID) {
            double s = ax - 1.0;
            double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
            double q = 1.0 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
            return x >= 0 ? ERX + p / q : -ERX - p / q;
        }
        if (ax >= ERF_ONE) return x >= 0 ? 1.0 - TINY : TINY - 1.0;
        double s = 1.0 / (ax * ax);
        double r, q;
        if (ax < ERF_TAIL) {
            r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            q = 1.0 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
        } else {
            r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            q = 1.0 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
        }
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xffffffff00000000L);
        double e = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + r / q);
        return x >= 0 ? 1.0 - e / ax : e / ax - 1.0;
    }

    /** φ'(z) = (2/√π)·e^(−z²) of the erf activation. */
    public static double erfDerivative(double z) {
        return TWO_OVER_SQRT_PI * exp(-(z * z));
    }
}
