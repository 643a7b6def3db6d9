package org.wideneck.core.data;

import java.util.SplittableRandom;
import org.wideneck.core.verify.FiniteDistance;

/** Small random regression problems for the core's tests. */
public final class SmallProblems {
    private SmallProblems() {}

    /** ξ ~ N(0, I_d0); y = (sin(ξ·w_k) + 0.5 cos(2 ξ·w'_k)) for each output k. */
    public static Problem regression(long seed, int nTrain, int nTest, int d0, int dr) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[2 * dr * d0];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() / Math.sqrt(d0);
        return new Problem(split(r, w, nTrain, d0, dr), split(r, w, nTest, d0, dr));
    }

    private static Dataset split(SplittableRandom r, double[] w, int n, int d0, int dr) {
        double[] x = new double[n * d0], y = new double[n * dr];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dr; k++) {
                double p = 0, q = 0;
                for (int j = 0; j < d0; j++) {
                    p += x[i * d0 + j] * w[(2 * k) * d0 + j];
                    q += x[i * d0 + j] * w[(2 * k + 1) * d0 + j];
                }
                y[i * dr + k] = Math.sin(2 * p) + 0.5 * Math.cos(2 * q);
            }
        }
        return new Dataset(n, d0, dr, x, y, null);
    }

    /**
     * ξ ~ N(0, I_d0), classes 0..classes−1 by the argmax of random linear scores plus noise, one-hot targets (every
     * target row a probability row, as cross-entropy needs).
     */
    public static Problem classification(long seed, int nTrain, int nTest, int d0, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[classes * d0];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() / Math.sqrt(d0);
        return new Problem(classes(r, w, nTrain, d0, classes), classes(r, w, nTest, d0, classes));
    }

    private static Dataset classes(SplittableRandom r, double[] w, int n, int d0, int classes) {
        double[] x = new double[n * d0], y = new double[n * classes];
        int[] labels = new int[n];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = 0.3 * r.nextGaussian();
                for (int j = 0; j < d0; j++) s += x[i * d0 + j] * w[k * d0 + j];
                if (s > best) {
                    best = s;
                    labels[i] = k;
                }
            }
            y[i * classes + labels[i]] = 1.0;
        }
        return new Dataset(n, d0, classes, x, y, labels);
    }

    /** Relative Euclidean distance |a − b| / |b| (the verification's own). */
    public static double relDist(double[] a, double[] b) {
        return FiniteDistance.relDist(a, b);
    }
}
