package org.wideneck.core.verify;

import java.util.SplittableRandom;
import org.wideneck.core.kernel.Activation;

/**
 * Monte Carlo averages over random one-hidden-layer networks f(x) = v·φ(Ux/√m)/√n of an activation φ against its
 * closed forms (SPEC §2 for ReLU, §8.1 for erf; paper lemma 3.1, appendix E, figure 11): the covariances Σ (f–f),
 * Σ_(1) (f–J), Σ_(2) (J–J), the empirical NTK K and Σ̇. The estimator is independent of the closed forms it checks
 * (it only draws weights and differentiates the network by hand with φ and φ'); the closed forms are the core's own.
 */
public final class CovarianceMonteCarlo {
    public static final int M = 3;
    public static final int WIDTH = 32;
    /** The quantities in the order of {@link #theory} and {@link #estimate}. */
    public static final String[] NAMES = {"Σ (f–f)", "Σ_(1) (f–J)", "Σ_(2) (J–J)", "K (empirical NTK)", "Σ̇"};
    public static final int[][] RANGES = {{0, 1}, {1, 1 + M}, {1 + M, 1 + M + M * M}, {1 + M + M * M, 2 + M + M * M}, {2 + M + M * M, 3 + M + M * M}};

    private CovarianceMonteCarlo() {}

    /** Pairs of inputs: generic, near-parallel, obtuse. */
    public static double[][][] pairs() {
        return new double[][][] {
                {{1.0, -0.5, 0.3}, {0.2, 0.9, -1.1}},
                {{1.0, 0.5, -0.2}, {1.05, 0.45, -0.15}},
                {{0.7, 0.1, 0.4}, {-0.9, 0.3, -0.2}},
        };
    }

    /** Per pair: [Σ, Σ_(1) (m), Σ_(2) (m×m), K, Σ̇] as one flat vector, from the activation's closed forms. */
    public static double[] theory(Activation act, double[] x, double[] y) {
        double[] out = new double[2 + M + M * M + 1];
        double[] abc = Activation.moments(x, y);
        int p = 0;
        out[p++] = act.sigma(abc[0], abc[1], abc[2]);
        for (double v : act.sigma1(x, y)) out[p++] = v;
        for (double[] row : act.sigma2(x, y)) for (double v : row) out[p++] = v;
        out[p++] = act.ntk(abc[0], abc[1], abc[2]);
        out[p] = act.sigmaDot(abc[0], abc[1], abc[2]);
        return out;
    }

    /** The same quantities estimated from `draws` random networks of width WIDTH with φ = act. */
    public static double[] estimate(Activation act, double[] x, double[] y, int draws, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] acc = new double[2 + M + M * M + 1];
        double sm = Math.sqrt(M), sn = Math.sqrt(WIDTH);
        double[] u = new double[M];
        for (int t = 0; t < draws; t++) {
            double fx = 0, fy = 0, ntk = 0, sdot = 0;
            double[] jx = new double[M], jy = new double[M];
            for (int i = 0; i < WIDTH; i++) {
                double v = r.nextGaussian();
                double px = 0, py = 0;
                for (int k = 0; k < M; k++) {
                    u[k] = r.nextGaussian();
                    px += u[k] * x[k];
                    py += u[k] * y[k];
                }
                px /= sm;
                py /= sm;
                double ax = act.phi(px), ay = act.phi(py);
                double dx = act.phiPrime(px), dy = act.phiPrime(py);
                fx += v * ax / sn;
                fy += v * ay / sn;
                for (int k = 0; k < M; k++) {
                    jx[k] += v * dx * u[k] / (sn * sm);
                    jy[k] += v * dy * u[k] / (sn * sm);
                }
                double c = 0;
                for (int k = 0; k < M; k++) c += x[k] * y[k];
                // empirical NTK of f: ∂f/∂v·∂f/∂v + ∂f/∂U·∂f/∂U
                ntk += (ax * ay + v * v * dx * dy * c / M) / WIDTH;
                sdot += dx * dy / WIDTH;
            }
            int p = 0;
            acc[p++] += fx * fy;
            for (int k = 0; k < M; k++) acc[p++] += fx * jy[k];
            for (int a = 0; a < M; a++) for (int b = 0; b < M; b++) acc[p++] += jx[a] * jy[b];
            acc[p++] += ntk;
            acc[p] += sdot;
        }
        for (int i = 0; i < acc.length; i++) acc[i] /= draws;
        return acc;
    }

    /**
     * Error of a block relative to its natural scale √(|C(x,x)|·|C(y,y)|) (a correlation error), so that
     * small cross-covariances of nearly orthogonal or obtuse pairs are judged fairly.
     */
    public static double relErr(double[] est, double[] th, double[] thxx, double[] thyy, int from, int to) {
        double num = 0, nx = 0, ny = 0;
        for (int i = from; i < to; i++) {
            num += (est[i] - th[i]) * (est[i] - th[i]);
            nx += thxx[i] * thxx[i];
            ny += thyy[i] * thyy[i];
        }
        return Math.sqrt(num) / Math.sqrt(Math.sqrt(nx) * Math.sqrt(ny));
    }

    /** RMS over `reps` repeats of each quantity's relative error at `draws` samples, for input pair pi. */
    public static double[] rmsError(Activation act, int pi, int draws, int reps, long seed) {
        double[][][] ps = pairs();
        double[] th = theory(act, ps[pi][0], ps[pi][1]);
        double[] thxx = theory(act, ps[pi][0], ps[pi][0]), thyy = theory(act, ps[pi][1], ps[pi][1]);
        double[] err = new double[NAMES.length];
        for (int rep = 0; rep < reps; rep++) {
            double[] e = estimate(act, ps[pi][0], ps[pi][1], draws, seed + 1000L * pi + rep);
            for (int q = 0; q < NAMES.length; q++) {
                double a = relErr(e, th, thxx, thyy, RANGES[q][0], RANGES[q][1]);
                err[q] += a * a / reps;
            }
        }
        for (int q = 0; q < NAMES.length; q++) err[q] = Math.sqrt(err[q]);
        return err;
    }
}
