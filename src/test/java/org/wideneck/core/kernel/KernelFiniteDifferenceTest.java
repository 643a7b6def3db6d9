package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wideneck.core.linalg.Gemm;

/** Every derivative closed form of SPEC §2 against central finite differences, including at and near x ∥ y. */
class KernelFiniteDifferenceTest {
    private static final double H = 1e-6;
    static final Relu RELU = Relu.INSTANCE;
    static final FKernel K = new FKernel(RELU, KernelPath.SCALAR);

    static double ntk(double[] x, double[] y) {
        return K.value(x, y);
    }

    static double[] xi(double[] x, double[] y) {
        return K.xi(x, y);
    }

    static double sigma(double[] x, double[] y) {
        double[] m = Activation.moments(x, y);
        return RELU.sigma(m[0], m[1], m[2]);
    }

    static double thetaInf(double a, double b, double c) {
        return new InfiniteBottleneckKernel(RELU, 1, KernelPath.SCALAR).value(a, b, c);
    }

    static double thetaInf(double[] x, double[] y) {
        return new InfiniteBottleneckKernel(RELU, 1, KernelPath.SCALAR).value(x, y);
    }

    static double[] randomVector(SplittableRandom r, int m) {
        double[] v = new double[m];
        for (int i = 0; i < m; i++) v[i] = r.nextGaussian();
        return v;
    }

    /** y rotated away from x by angle eps (in the plane of x and a random direction), same norm as y0. */
    static double[] nearParallel(SplittableRandom r, double[] x, double eps, double scale) {
        int m = x.length;
        double[] z = randomVector(r, m);
        double xx = dot(x, x), xz = dot(x, z);
        for (int i = 0; i < m; i++) z[i] -= xz / xx * x[i];
        double nz = Math.sqrt(dot(z, z)), nx = Math.sqrt(xx);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = scale * (Math.cos(eps) * x[i] / nx + Math.sin(eps) * z[i] / nz) * nx;
        return y;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double[] fdGradX(java.util.function.BiFunction<double[], double[], Double> f, double[] x, double[] y) {
        return fdGradX(f, x, y, H);
    }

    static double[] fdGradX(java.util.function.BiFunction<double[], double[], Double> f, double[] x, double[] y, double step) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone(), q = x.clone();
            double h = step * Math.max(1.0, Math.abs(x[i]));
            p[i] += h;
            q[i] -= h;
            g[i] = (f.apply(p, y) - f.apply(q, y)) / (2 * h);
        }
        return g;
    }

    static double relErr(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 20})
    void xiIsTheGradientOfK(int m) {
        SplittableRandom r = new SplittableRandom(11 + m);
        for (int t = 0; t < 50; t++) {
            double[] x = randomVector(r, m), y = randomVector(r, m);
            double[] fd = fdGradX(KernelFiniteDifferenceTest::ntk, x, y);
            assertTrue(relErr(xi(x, y), fd) < 1e-6, "m=" + m + " pair " + t);
        }
    }

    /** In one dimension every pair is on the cusp: K(x, y) = xy for xy > 0 and 0 otherwise, exactly. */
    @Test
    void xiInOneDimensionIsExact() {
        SplittableRandom r = new SplittableRandom(12);
        for (int t = 0; t < 100; t++) {
            double[] x = {r.nextGaussian()}, y = {r.nextGaussian()};
            double expected = x[0] * y[0] > 0 ? y[0] : 0.0;
            // A parallel pair whose cosine rounds to 1 − ulp has s ≈ 1.5e-8·√(ab), above SPEC's 1e-12 cusp
            // threshold, so the first line of Ξ applies and its large terms cancel to ~1e-8 (SPEC §2).
            assertEquals(expected, xi(x, y)[0], 1e-7 * Math.abs(y[0]), "pair " + t);
            assertEquals(x[0] * y[0] > 0 ? x[0] * y[0] : 0.0, ntk(x, y), 1e-7 * Math.abs(x[0] * y[0]));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-2, 1e-3, 1e-4})
    void xiNearParallelInputs(double eps) {
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 20; t++) {
            double[] x = randomVector(r, 6);
            double[] y = nearParallel(r, x, eps, 0.5 + r.nextDouble());
            double[] fd = fdGradX(KernelFiniteDifferenceTest::ntk, x, y);
            // FD step must be much smaller than the angle for the one-sided slope to be resolved.
            assertTrue(relErr(xi(x, y), fd) < 1e-3, "eps=" + eps + " pair " + t);
        }
    }

    @Test
    void xiAtParallelInputsIsTheSymmetricSubgradient() {
        SplittableRandom r = new SplittableRandom(6);
        for (double scale : new double[] {0.3, 1.0, 2.5, -0.7, -2.0}) {
            double[] x = randomVector(r, 5);
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) y[i] *= scale;
            // At the cusp θ is resolved from a rounded cosine (error ~√ε), so the FD step is larger here.
            double[] fd = fdGradX(KernelFiniteDifferenceTest::ntk, x, y, 1e-4);
            double[] xi = xi(x, y);
            assertTrue(relErr(xi, fd) < 1e-6 || (scale < 0 && maxAbs(xi) < 1e-12 && maxAbs(fd) < 1e-6),
                    "scale " + scale);
        }
        // The convention itself: α = 2Σ̇/m, β = 0.
        double[] ab = new double[2];
        RELU.xi(2.0, 8.0, 4.0, 4, ab); // y = 2x
        assertEquals(2 * 0.5 / 4, ab[0], 1e-15);
        assertEquals(0.0, ab[1], 0.0);
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void sigma1IsTheGradientOfSigmaInY(int m) {
        SplittableRandom r = new SplittableRandom(21 + m);
        for (int t = 0; t < 50; t++) {
            double[] x = randomVector(r, m), y = t % 5 == 0 ? nearParallel(r, randomVector(r, m), 1e-3, 1.3) : randomVector(r, m);
            if (t % 5 == 0) x = nearParallel(r, y, 1e-3, 0.8);
            final double[] xx = x;
            double[] fd = fdGradX((yy, unused) -> sigma(xx, yy), y, y);
            assertTrue(relErr(RELU.sigma1(x, y), fd) < 1e-6, "pair " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void sigma2IsTheMixedSecondDerivativeOfSigma(int m) {
        SplittableRandom r = new SplittableRandom(31 + m);
        for (int t = 0; t < 30; t++) {
            double[] x = randomVector(r, m), y = randomVector(r, m);
            double[][] s2 = RELU.sigma2(x, y);
            // row β of Σ_(2) is ∂/∂x^β of Σ_(1)(x, y)
            double[][] fd = new double[m][];
            for (int b = 0; b < m; b++) {
                double[] p = x.clone(), q = x.clone();
                double h = 1e-6;
                p[b] += h;
                q[b] -= h;
                double[] sp = RELU.sigma1(p, y), sq = RELU.sigma1(q, y);
                fd[b] = new double[m];
                for (int g = 0; g < m; g++) fd[b][g] = (sp[g] - sq[g]) / (2 * h);
            }
            for (int b = 0; b < m; b++) assertTrue(relErr(s2[b], fd[b]) < 1e-5, "pair " + t + " row " + b);
        }
    }

    @Test
    void diagonalValuesAndDegenerateInputs() {
        double[] x = {1.0, -2.0, 0.5};
        double a = Activation.moments(x, x)[0];
        assertEquals(a / 2, sigma(x, x), 1e-15);
        assertEquals(0.5, RELU.sigmaDot(a, a, a), 1e-15);
        assertEquals(a, ntk(x, x), 1e-14);
        double[][] s2 = RELU.sigma2(x, x);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(i == j ? 1.0 / 6 : 0.0, s2[i][j], 1e-15);
        double[] zero = new double[3];
        assertEquals(0.0, ntk(zero, x));
        assertEquals(0.0, sigma(x, zero));
        assertEquals(0.0, maxAbs(xi(zero, x)));
        assertEquals(0.0, thetaInf(zero, x));
    }

    @Test
    void blockedKernelsAgreeWithTheScalarReference() {
        SplittableRandom r = new SplittableRandom(77);
        int rows = 7, cols = 9, m = 4;
        double[] xs = new double[rows * m], ys = new double[cols * m];
        for (int i = 0; i < xs.length; i++) xs[i] = r.nextGaussian();
        for (int i = 0; i < ys.length; i++) ys[i] = r.nextGaussian();
        System.arraycopy(xs, 0, ys, 0, m); // an exactly parallel pair
        for (int i = 0; i < m; i++) ys[m + i] = -2 * xs[m + i]; // an anti-parallel pair
        double[] rn = Gemm.rowSquaredNorms(xs, rows, m);
        double[] cn = Gemm.rowSquaredNorms(ys, cols, m);
        double[] dots = new double[rows * cols];
        Gemm.abt(rows, cols, m, 1.0, xs, 0, ys, 0, 0.0, dots, 0);
        double[] k = dots.clone(), al = new double[rows * cols], be = new double[rows * cols], th = dots.clone();
        RELU.ntkAndXiBlock(KernelPath.best(), k, al, be, rows, cols, rn, 0, cn, 0, m);
        new InfiniteBottleneckKernel(RELU, 1, KernelPath.best()).inPlace(th, rows, cols, rn, 0, cn, 0, m);
        double[] ab = new double[2];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // The same moments as the block saw (near x ∥ y, θ from a rounded cosine is only good
                // to ~√ε, so recomputing the dot product another way would differ by ~1e-8).
                int p = i * cols + j;
                double a = rn[i] / m, b = cn[j] / m, c = dots[p] / m;
                RELU.xi(a, b, c, m, ab);
                assertEquals(RELU.ntk(a, b, c), k[p], 1e-13 * Math.abs(k[p]) + 1e-16);
                assertEquals(ab[0], al[p], 1e-13 * Math.abs(ab[0]) + 1e-16);
                assertEquals(ab[1], be[p], 1e-12 * Math.abs(ab[1]) + 1e-16);
                assertEquals(thetaInf(a, b, c), th[p], 1e-13 * Math.abs(th[p]) + 1e-16);
            }
        }
    }
}
