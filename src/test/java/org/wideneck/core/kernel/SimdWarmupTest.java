package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's block reaches every branch the compiled loops have (a branch C2 never saw profiled is compiled
 * as a trap, and taking it later sends the loop back to the interpreter): whole vectors in arccos's middle
 * range only, lanes in all three ranges, an exactly parallel pair, a zero norm, and a scalar tail.
 */
class SimdWarmupTest {
    @Test
    void theBlockReachesEveryBranchOfTheLoops() {
        double rowNorm = 2.0;
        double[] dots = new double[SimdWarmup.COLS], colNorms = new double[SimdWarmup.COLS];
        SimdWarmup.fill(dots, colNorms, rowNorm);
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        int allSmallVectors = 0, low = 0, mid = 0, high = 0, one = 0, zero = 0;
        for (int v = 0; v + lanes <= SimdWarmup.COLS; v += lanes) {
            boolean allSmall = true;
            for (int j = v; j < v + lanes; j++) if (!(Math.abs(cos(dots, colNorms, rowNorm, j)) < 0.5)) allSmall = false;
            if (allSmall) allSmallVectors++;
        }
        for (int j = 0; j < SimdWarmup.COLS; j++) {
            if (colNorms[j] == 0.0) {
                zero++;
                continue;
            }
            double c = cos(dots, colNorms, rowNorm, j);
            if (c >= 1.0) one++;
            if (c <= -0.5) low++;
            else if (c < 0.5) mid++;
            else high++;
        }
        assertTrue(allSmallVectors >= 1, "no vector with every lane in |x| < 0.5");
        assertTrue(low > lanes && mid > lanes && high > lanes, "ranges " + low + "/" + mid + "/" + high);
        assertTrue(one >= 1 && zero >= 1, "parallel " + one + ", zero norms " + zero);
        assertNotEquals(0, SimdWarmup.COLS % lanes, "no scalar tail");
    }

    @Test
    void runsEveryLoopOnTheSimdPathAndNothingOnTheScalarOne() {
        int calls = SimdWarmup.run();
        assertEquals(KernelPath.best() == KernelPath.SIMD ? 6 * SimdWarmup.CALLS + 6 * (SimdWarmup.CALLS / 4) : 0, calls);
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        // the loops give the scalar reference's values afterwards (the warm-up shares no arrays with callers)
        double[] dots = new double[SimdWarmup.COLS], colNorms = new double[SimdWarmup.COLS];
        SimdWarmup.fill(dots, colNorms, 2.0);
        double[] simd = dots.clone(), scalar = dots.clone();
        Relu.INSTANCE.ntkBlock(KernelPath.SIMD, simd, 1, SimdWarmup.COLS, new double[] {2.0}, 0, colNorms, 0, 3);
        Relu.INSTANCE.ntkBlock(KernelPath.SCALAR, scalar, 1, SimdWarmup.COLS, new double[] {2.0}, 0, colNorms, 0, 3);
        for (int j = 0; j < SimdWarmup.COLS; j++) assertEquals(scalar[j], simd[j], 1e-12 * Math.abs(scalar[j]) + 1e-300);
    }

    private static double cos(double[] dots, double[] colNorms, double rowNorm, int j) {
        return dots[j] / Math.sqrt(rowNorm * colNorms[j]);
    }
}
