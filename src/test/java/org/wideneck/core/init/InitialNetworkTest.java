package org.wideneck.core.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wideneck.core.parallel.ArrayPool;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;

/**
 * The initial functions of SPEC §3: the hidden-unit split of g_0 (the lazy runs' first reads) against the point-split
 * pass, J_0ᵀχ against finite differences of f_0, and the step's forms (kept pre-activations, lent work arrays) against
 * the plain ones.
 */
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
            double[] got = net.g0ByUnits(xi, rows, two, 1024, new ArrayPool());
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

    /**
     * J_0 is the exact Jacobian of f_0 (SPEC §3), so for any direction v, Σ χ·(f_0(x+εv) − f_0(x−εv))/2ε equals
     * Σ (J_0ᵀχ)·v: f_0 is piecewise linear in x, and the central difference is exact up to rounding while no
     * pre-activation changes sign within ε. Three ranges of hidden units (the last one short). A wrong scale
     * (1/√(nd)), a mask on the wrong side of zero, or a range dropped from the sum is off by O(1).
     */
    @Test
    void jacobianTransposeTimesIsTheGradientOfChiDotF0() {
        int n = 2 * Grains.UNIT_RANGE + 452, d = 6, dr = 3, rows = 4;
        InitialNetwork net = new InitialNetwork(NetworkWeights.random(9, n, 5, d, dr), false);
        SplittableRandom r = new SplittableRandom(11);
        double[] x = gauss(r, rows * d), chi = gauss(r, rows * dr), v = gauss(r, rows * d);
        double eps = 1e-7;
        double[] plus = x.clone(), minus = x.clone();
        for (int i = 0; i < x.length; i++) {
            plus[i] += eps * v[i];
            minus[i] -= eps * v[i];
        }
        try (Workers two = new Workers(2)) {
            double[] fp = new double[rows * dr], fm = new double[rows * dr], h = new double[rows * d];
            net.f0(plus, 0, rows, fp, 0, two);
            net.f0(minus, 0, rows, fm, 0, two);
            net.jacobianTransposeTimes(x, 0, chi, 0, rows, h, 0, two);
            for (int b = 0; b < rows; b++) { // row by row: J_0 is block diagonal over points
                double fd = 0, exact = 0;
                for (int k = 0; k < dr; k++) fd += chi[b * dr + k] * (fp[b * dr + k] - fm[b * dr + k]) / (2 * eps);
                for (int j = 0; j < d; j++) exact += h[b * d + j] * v[b * d + j];
                assertTrue(Math.abs(exact) > 1e-3, "a directional derivative of order one at point " + b + ": " + exact);
                assertEquals(exact, fd, 1e-6 * Math.abs(exact), "point " + b);
            }
        }
    }

    /**
     * The step's forms — f_0 keeping the pre-activations, J_0ᵀχ masking by them, both with work arrays lent by a pool
     * that is reused across calls — give the plain forms' bits. A pre-activation block copied to the wrong offset or a
     * lent array read before it is overwritten changes them.
     */
    @Test
    void theStepsFormsGiveThePlainFormsBits() {
        int n = 2 * Grains.UNIT_RANGE + 452, d = 6, dr = 3, rows = 20;
        InitialNetwork net = new InitialNetwork(NetworkWeights.random(3, n, 5, d, dr), false);
        SplittableRandom r = new SplittableRandom(13);
        ArrayPool pool = new ArrayPool();
        try (Workers two = new Workers(2)) {
            for (int round = 0; round < 3; round++) { // the pool lends the previous round's arrays again
                double[] x = gauss(r, rows * d), chi = gauss(r, rows * dr), pre = new double[rows * n];
                double[] f = new double[rows * dr], fKept = new double[rows * dr], h = new double[rows * d], hKept = new double[rows * d];
                net.f0(x, 0, rows, f, 0, two);
                net.f0(x, 0, rows, fKept, 0, two, pre, pool);
                net.jacobianTransposeTimes(x, 0, chi, 0, rows, h, 0, two);
                net.jacobianTransposeTimes(x, 0, chi, 0, rows, hKept, 0, two, pre, pool);
                assertArrayEquals(f, fKept, 0.0, "f_0, round " + round);
                assertArrayEquals(h, hKept, 0.0, "J_0ᵀχ, round " + round);
            }
        }
    }

    private static double[] gauss(SplittableRandom r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.nextGaussian();
        return a;
    }
}
