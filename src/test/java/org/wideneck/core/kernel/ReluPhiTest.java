package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** φ and its mask: the SIMD path against the definition (z if z &gt; 0 else +0.0), bit for bit, tails included. */
class ReluPhiTest {
    private static double[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = switch (r.nextInt(6)) {
                case 0 -> -0.0;
                case 1 -> Double.NaN;
                case 2 -> Double.MIN_VALUE * (r.nextBoolean() ? 1 : -1);
                default -> r.nextGaussian();
            };
        }
        return z;
    }

    @Test
    void simdPathIsInUseWhenTheModuleIsPresent() {
        assertTrue(KernelPath.best() == KernelPath.SIMD, "the build runs tests with jdk.incubator.vector; the SIMD path must be on");
    }

    @Test
    void applyKeepsPositivesAndWritesPositiveZeroElsewhere() {
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 1001}) {
            double[] z = values(n, n), ref = z.clone();
            Relu.INSTANCE.phiInPlace(z, 0, n);
            for (int i = 0; i < n; i++) {
                double want = ref[i] > 0.0 ? ref[i] : 0.0;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(z[i]), "φ(" + ref[i] + ")");
            }
        }
    }

    @Test
    void maskZeroesTheTargetWhereTheUnitIsInactiveAndLeavesTheInputAlone() {
        for (int n : new int[] {1, 5, 8, 13, 1001}) {
            double[] z = values(n, 10 + n), zRef = z.clone();
            double[] t = values(n, 20 + n), tRef = t.clone();
            Relu.INSTANCE.timesPhiPrime(z, 0, t, 0, n);
            for (int i = 0; i < n; i++) {
                double want = zRef[i] > 0.0 ? tRef[i] : 0.0;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(t[i]), "mask at " + zRef[i]);
                assertEquals(Double.doubleToRawLongBits(zRef[i]), Double.doubleToRawLongBits(z[i]));
            }
        }
    }

    @Test
    void maskReadsTheInputFromItsOffset() {
        for (int n : new int[] {1, 8, 13, 1001}) {
            int off = 5;
            double[] z = values(n + off, 30 + n), t = values(n, 40 + n), tRef = t.clone();
            Relu.INSTANCE.timesPhiPrime(z, off, t, 0, n);
            for (int i = 0; i < n; i++) {
                double want = z[off + i] > 0.0 ? tRef[i] : 0.0;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(t[i]), "mask at " + z[off + i]);
            }
        }
    }
}
