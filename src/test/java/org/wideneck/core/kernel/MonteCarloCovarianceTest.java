package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wideneck.core.verify.CovarianceMonteCarlo;

/**
 * The closed forms of SPEC §2 and §8.1 (ReLU and erf) against Monte Carlo averages over random finite networks (paper lemma 3.1,
 * appendix E, fig 11): f(x) = v·φ(Ux/√m)/√n, J(x) = ∂f/∂x, and the empirical NTKs. Each check runs at
 * two sample counts 16× apart and requires the error to shrink (≈ 4× expected) as well as be small.
 */
class MonteCarloCovarianceTest {





    @ParameterizedTest
    @ValueSource(strings = {"relu", "erf"})
    void covariancesOfRandomNetworksMatchTheClosedForms(String name) {
        Activation act = Activation.named(name);
        // erf's f–J and J–J covariances are noisier per draw (the Gaussian weight φ' spreads them): 4× the draws
        // give them ReLU's error at 8000 (measured: 0.030 / 0.008 at 8000 / 128000 draws, falling like 1/√draws)
        int draws = act instanceof Erf ? 2000 : 500;
        for (int pi = 0; pi < CovarianceMonteCarlo.pairs().length; pi++) {
            // RMS error over independent repeats, so the 16× sample ratio shows as ≈ 4× in the error
            double[] small = CovarianceMonteCarlo.rmsError(act, pi, draws, 8, 0);
            double[] large = CovarianceMonteCarlo.rmsError(act, pi, 16 * draws, 8, 900000L);
            for (int q = 0; q < CovarianceMonteCarlo.NAMES.length; q++) {
                String msg = name + " " + CovarianceMonteCarlo.NAMES[q] + " pair " + pi + ": error " + small[q] + " at " + draws + " draws, " + large[q]
                        + " at " + 16 * draws;
                assertTrue(large[q] < small[q] / 2, msg);
                assertTrue(large[q] < 0.03, msg);
            }
        }
    }

    /**
     * Θ_∞ against the empirical NTK of a wide network with a wide bottleneck, F = v·φ(U x/√d)/√n with
     * x = W2 φ(W1 ξ/√d0)/√n, summed over all four weight matrices.
     */
    @Test
    void compositionNtkMatchesAWideNetworkWithAWideBottleneck() {
        double[] xi = {0.8, -0.3, 1.2, 0.1}, xt = {0.5, 0.9, 0.7, -0.6};
        int d0 = 4;
        double th = new InfiniteBottleneckKernel(Relu.INSTANCE, 1, KernelPath.SCALAR).value(xi, xt);
        // The empirical NTK of one draw fluctuates by ~10% at these sizes; the mean of 8 draws is compared.
        // (Dropping the extra q of SPEC's Θ_∞ would shift it by ~25%.)
        double errSmall = 0, meanLarge = 0;
        int reps = 8;
        for (int rep = 0; rep < reps; rep++) {
            errSmall += Math.abs(empiricalNtk(xi, xt, d0, 200, 10, 17 + rep) - th) / th / reps;
            meanLarge += empiricalNtk(xi, xt, d0, 8000, 2000, 71 + rep) / reps;
        }
        double errLarge = Math.abs(meanLarge - th) / th;
        assertTrue(errLarge < errSmall, "error " + errSmall + " at n=200, d=10 vs " + errLarge + " at n=8000, d=2000");
        assertTrue(errLarge < 0.06, "Θ_∞ = " + th + ", Monte Carlo mean " + meanLarge + ", relative error " + errLarge);
    }

    static double empiricalNtk(double[] xi, double[] xt, int d0, int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w1 = gauss(r, n * d0), w2 = gauss(r, d * n), u = gauss(r, n * d), v = gauss(r, n);
        double[] p1a = new double[n], p1b = new double[n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d0; k++) {
                p1a[j] += w1[j * d0 + k] * xi[k] / Math.sqrt(d0);
                p1b[j] += w1[j * d0 + k] * xt[k] / Math.sqrt(d0);
            }
        }
        double[] xa = new double[d], xb = new double[d];
        for (int a = 0; a < d; a++) {
            for (int j = 0; j < n; j++) {
                xa[a] += w2[a * n + j] * Math.max(p1a[j], 0) / Math.sqrt(n);
                xb[a] += w2[a * n + j] * Math.max(p1b[j], 0) / Math.sqrt(n);
            }
        }
        double[] p2a = new double[n], p2b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                p2a[i] += u[i * d + a] * xa[a] / Math.sqrt(d);
                p2b[i] += u[i * d + a] * xb[a] / Math.sqrt(d);
            }
        }
        double xx = 0;
        for (int a = 0; a < d; a++) xx += xa[a] * xb[a];
        double vPart = 0, uPart = 0;
        double[] ja = new double[d], jb = new double[d];
        for (int i = 0; i < n; i++) {
            vPart += Math.max(p2a[i], 0) * Math.max(p2b[i], 0) / n;
            double ga = p2a[i] > 0 ? 1 : 0, gb = p2b[i] > 0 ? 1 : 0;
            uPart += v[i] * v[i] * ga * gb * xx / d / n;
            for (int a = 0; a < d; a++) {
                ja[a] += v[i] * ga * u[i * d + a] / Math.sqrt((double) n * d);
                jb[a] += v[i] * gb * u[i * d + a] / Math.sqrt((double) n * d);
            }
        }
        double h1 = 0, w1Part = 0, c0 = 0;
        for (int k = 0; k < d0; k++) c0 += xi[k] * xt[k] / d0;
        for (int j = 0; j < n; j++) {
            h1 += Math.max(p1a[j], 0) * Math.max(p1b[j], 0) / n;
            if (p1a[j] > 0 && p1b[j] > 0) {
                double sa = 0, sb = 0;
                for (int a = 0; a < d; a++) {
                    sa += ja[a] * w2[a * n + j];
                    sb += jb[a] * w2[a * n + j];
                }
                w1Part += c0 * sa * sb / n;
            }
        }
        double jj = 0;
        for (int a = 0; a < d; a++) jj += ja[a] * jb[a];
        return vPart + uPart + jj * h1 + w1Part;
    }

    private static double[] gauss(SplittableRandom r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.nextGaussian();
        return a;
    }
}
