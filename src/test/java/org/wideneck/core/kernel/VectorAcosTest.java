package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The SIMD arccos against Math.acos (fdlibm): bit for bit, on random values and every range boundary. */
class VectorAcosTest {
    @Test
    void matchesMathAcosBitForBit() {
        Assumptions.assumeTrue((KernelPath.best() == KernelPath.SIMD));
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        SplittableRandom r = new SplittableRandom(3);
        int n = 1 << 18;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> 2 * r.nextDouble() - 1;
                case 1 -> 1 - Math.scalb(r.nextDouble(), -r.nextInt(60));   // near 1
                case 2 -> -1 + Math.scalb(r.nextDouble(), -r.nextInt(60));  // near −1
                default -> Math.scalb(r.nextDouble() - 0.5, -r.nextInt(70)); // near 0
            };
        }
        double[] edges = {1.0, -1.0, 0.5, -0.5, Math.nextDown(0.5), Math.nextUp(-0.5), 0.0, -0.0, Math.scalb(1.0, -57),
                Math.scalb(1.0, -58), Math.nextDown(1.0), Math.nextUp(-1.0), 1e-300, -1e-300};
        System.arraycopy(edges, 0, x, 0, edges.length);
        double[] out = new double[n];
        VectorAcos.acos(x, out, n);
        assertEquals(s, VectorAcos.S);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(Math.acos(x[i])), Double.doubleToLongBits(out[i]), "acos(" + x[i] + ")");
        }
    }

    /** Whole vectors inside |x| &lt; 0.5 take the middle range only; they must give the same bits too. */
    @Test
    void vectorsEntirelyInTheMiddleRangeMatchBitForBit() {
        Assumptions.assumeTrue((KernelPath.best() == KernelPath.SIMD));
        SplittableRandom r = new SplittableRandom(5);
        int n = 1 << 16;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch ((i / VectorAcos.S.length()) % 3) {
                case 0 -> r.nextDouble() - 0.5;                                   // (−0.5, 0.5)
                case 1 -> Math.scalb(r.nextDouble() - 0.5, -r.nextInt(70));      // around fdlibm's 2^-57 test
                default -> (r.nextBoolean() ? 1 : -1) * Math.nextDown(0.5) * (1 - Math.scalb(r.nextDouble(), -40));
            };
        }
        double[] edges = {0.0, -0.0, Math.scalb(1.0, -57), -Math.scalb(1.0, -57), Math.nextDown(0.5), -Math.nextDown(0.5),
                Math.scalb(1.0, -58), 1e-300};
        System.arraycopy(edges, 0, x, 0, edges.length);
        double[] out = new double[n];
        VectorAcos.acos(x, out, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(Math.acos(x[i])), Double.doubleToLongBits(out[i]), "acos(" + x[i] + ")");
        }
    }
}
