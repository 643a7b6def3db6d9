package org.wideneck.core.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/** The hidden-unit split of g_0 (the lazy runs' first reads) against the point-split pass (SPEC §3). */
class InitialNetworkTest {
    /**
     * Three blocks of points (the last one short) × three ranges of hidden units (the last one short): every
     * point's g_0 is the point-split pass's to rounding. A dropped range, a range counted twice or a block
     * written at the wrong offset moves entries by O(1).
     */
    @Test
    void g0ByUnitsIsTheG0OfEveryPoint() {
        int n = 2 * Grains.UNIT_RANGE + 452, d0 = 7, rows = 2600;
        InitialNetwork net = new InitialNetwork(NetworkWeights.random(4, n, d0, 5, 2), false);
        SplittableRandom r = new SplittableRandom(5);
        double[] xi = new double[rows * d0];
        for (int i = 0; i < xi.length; i++) xi[i] = r.nextGaussian();
        try (Workers two = new Workers(2)) {
            double[] want = net.g0(xi, rows, two);
            double[] got = net.g0ByUnits(xi, rows, two, 1024);
            assertEquals(want.length, got.length);
            double scale = 0, worst = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            assertTrue(scale > 0.1, "g_0 of order one");
            assertTrue(worst <= 1e-13 * scale, "largest difference " + worst + " against entries up to " + scale);
        }
    }
}
