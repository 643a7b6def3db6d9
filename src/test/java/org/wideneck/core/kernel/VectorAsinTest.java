package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The SIMD arcsin against Math.asin (fdlibm): bit for bit, on random values, whole-vector runs and every range boundary. */
class VectorAsinTest {
    @Test
    void matchesMathAsinBitForBit() {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        SplittableRandom r = new SplittableRandom(3);
        int n = 1 << 18;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = i < n / 2 ? i % 5 : (i / VectorAsin.S.length()) % 5; // mixed lanes, then whole vectors of one kind
            x[i] = switch (kind) {
                case 0 -> 2 * r.nextDouble() - 1;
                case 1 -> 1 - Math.scalb(r.nextDouble(), -r.nextInt(60));
                case 2 -> -1 + Math.scalb(r.nextDouble(), -r.nextInt(60));
                case 3 -> Math.scalb(r.nextDouble() - 0.5, -r.nextInt(70));
                default -> (r.nextBoolean() ? 1 : -1) * (0.96 + 0.03 * r.nextDouble());
            };
        }
        double[] edges = {1.0, -1.0, 0.5, -0.5, Math.nextDown(0.5), Math.nextUp(-0.5), 0.0, -0.0, Math.scalb(1.0, -27),
            Math.nextDown(Math.scalb(1.0, -27)), 0.975, Math.nextDown(0.975), -0.975, Double.longBitsToDouble(0x3fef333300000000L),
            Math.nextDown(Double.longBitsToDouble(0x3fef333300000000L)), Math.nextDown(1.0), Math.nextUp(-1.0), 1e-300, -1e-300};
        System.arraycopy(edges, 0, x, 0, edges.length);
        double[] out = new double[n];
        VectorAsin.asin(x, out, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(Math.asin(x[i])), Double.doubleToLongBits(out[i]), "asin(" + x[i] + ")");
        }
    }
}
