package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * erf and e^x of the erf activation: e^x bit for bit against {@link StrictMath#exp} (fdlibm), erf within one unit
 * in the last place of a 120-digit Taylor series, and the SIMD path bit for bit against the scalar one on every range
 * and boundary.
 */
class ErfMathTest {
    static double[] inputs(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 6) {
                case 0 -> (r.nextDouble() - 0.5) * 1600;
                case 1 -> (r.nextDouble() - 0.5) * 3;
                case 2 -> Math.scalb(r.nextDouble() - 0.5, -r.nextInt(70));
                case 3 -> -r.nextDouble() * 50;
                case 4 -> (r.nextDouble() - 0.5) * 14;
                default -> (r.nextBoolean() ? 1 : -1) * (0.8 + 0.5 * r.nextDouble());
            };
        }
        double[] edges = {0.0, -0.0, 1.0, -1.0, 0.84375, -0.84375, Math.nextDown(0.84375), 1.25, Math.nextDown(1.25), -1.25,
            ErfMath.ERF_TAIL, Math.nextDown(ErfMath.ERF_TAIL), 6.0, -6.0, Math.nextDown(6.0), ErfMath.ERF_TINY, Math.nextDown(ErfMath.ERF_TINY),
            ErfMath.ERF_UNDERFLOW, 1e-310, -1e-310, ErfMath.HALF_LN2, Math.nextDown(ErfMath.HALF_LN2), -ErfMath.HALF_LN2,
            ErfMath.THREE_HALF_LN2, Math.nextDown(ErfMath.THREE_HALF_LN2), -ErfMath.THREE_HALF_LN2, ErfMath.O_THRESHOLD,
            Math.nextUp(ErfMath.O_THRESHOLD), ErfMath.U_THRESHOLD, Math.nextDown(ErfMath.U_THRESHOLD), -708.5, -709.9, -744.0,
            ErfMath.EXP_TINY, Math.nextDown(ErfMath.EXP_TINY), Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 30.0, -30.0};
        System.arraycopy(edges, 0, x, 0, edges.length);
        return x;
    }

    @Test
    void expGivesTheBitsOfStrictMathExp() {
        for (double x : inputs(1, 1 << 20)) {
            assertEquals(Double.doubleToLongBits(StrictMath.exp(x)), Double.doubleToLongBits(ErfMath.exp(x)), "exp(" + x + ")");
        }
    }

    /** erf from its Taylor series 2/√π Σ (−1)^k x^(2k+1)/(k!(2k+1)) at 120 digits. */
    static double erfReference(double x) {
        MathContext mc = new MathContext(120);
        BigDecimal bx = new BigDecimal(x), x2 = bx.multiply(bx, mc), term = bx, sum = BigDecimal.ZERO;
        BigDecimal stop = new BigDecimal("1e-90");
        for (int k = 0; term.abs().compareTo(stop) > 0; k++) {
            sum = sum.add(term.divide(BigDecimal.valueOf(2L * k + 1), mc), mc);
            term = term.multiply(x2, mc).negate().divide(BigDecimal.valueOf(k + 1), mc);
        }
        BigDecimal pi = new BigDecimal("3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679");
        return sum.multiply(BigDecimal.valueOf(2), mc).divide(pi.sqrt(mc), mc).doubleValue();
    }

    @Test
    void erfIsWithinOneUlpOfAHighPrecisionSeries() {
        SplittableRandom r = new SplittableRandom(2);
        double[] fixed = {0.5, 1.0, 2.0, 3.0, 0.84375, 1.25, 2.857, 5.99, 1e-9, 0.1, -0.7, -2.5};
        for (int i = 0; i < 1500; i++) {
            double x = i < fixed.length ? fixed[i] : (r.nextBoolean() ? 1 : -1) * 6.2 * r.nextDouble();
            double ref = erfReference(x), got = ErfMath.erf(x);
            assertTrue(Math.abs(got - ref) <= Math.ulp(ref), "erf(" + x + ") = " + got + ", reference " + ref);
        }
        assertEquals(0.8427007929497149, ErfMath.erf(1.0), 1e-16);
        assertEquals(1.0, ErfMath.erf(7.0));
        assertEquals(-1.0, ErfMath.erf(Double.NEGATIVE_INFINITY));
    }

    @Test
    void erfDerivativeIsTheGaussian() {
        for (double z : new double[] {0, 0.3, -1.2, 4.0}) {
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-z * z), ErfMath.erfDerivative(z), 1e-15);
            // central difference of erf
            double h = 1e-6;
            assertEquals((ErfMath.erf(z + h) - ErfMath.erf(z - h)) / (2 * h), ErfMath.erfDerivative(z), 1e-9);
        }
    }

    @Test
    void simdErfGivesTheScalarBits() {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        double[] x = inputs(3, 100_003);
        // runs of one range, so whole vectors take each of the loop's shortcuts
        for (int i = 50_000; i < 60_000; i++) x[i] = (x[i] % 0.8);
        double[] v = x.clone();
        VectorErf.erfInPlace(v, 0, v.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToLongBits(ErfMath.erf(x[i])), Double.doubleToLongBits(v[i]), "erf(" + x[i] + ") at " + i);
        }
        double[] off = x.clone();
        VectorErf.erfInPlace(off, 13, 1000);
        for (int i = 13; i < 1013; i++) assertEquals(Double.doubleToLongBits(ErfMath.erf(x[i])), Double.doubleToLongBits(off[i]));
        assertEquals(Double.doubleToLongBits(x[0]), Double.doubleToLongBits(off[0]));
    }

    @Test
    void simdExpAndDerivativeGiveTheScalarBits() {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        double[] x = inputs(4, 100_001);
        double[] e = x.clone();
        VectorErf.expInPlace(e, 0, e.length);
        for (int i = 0; i < x.length; i++) assertEquals(Double.doubleToLongBits(ErfMath.exp(x[i])), Double.doubleToLongBits(e[i]), "exp(" + x[i] + ")");
        double[] t = new double[x.length];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < t.length; i++) t[i] = r.nextGaussian();
        double[] tv = t.clone();
        VectorErf.timesDerivative(x, 0, tv, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToLongBits(t[i] * ErfMath.erfDerivative(x[i])), Double.doubleToLongBits(tv[i]), "φ'(" + x[i] + ")");
        }
    }
}
