package org.wideneck.app.report;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Test loss against train loss, built as SPEC §7 (paper appendix D.3) describes: a common grid of train
 * losses spanning the recorded minimum and maximum over all widths, each width's test loss resampled at
 * the grid points inside its own recorded range by linear interpolation, then both smoothed with a moving
 * average of length 5.
 */
public final class TestVsTrain {
    public static final int GRID = 100;
    public static final int SMOOTH = 5;

    /** A width's resampled curve: grid train losses and the test losses there (both smoothed). */
    public record Curve(double[] train, double[] test) {}

    private TestVsTrain() {}

    /** The common grid from the smallest to the largest recorded train loss (log-spaced: losses span decades). */
    public static double[] grid(double min, double max) {
        double[] g = new double[GRID];
        double a = Math.log(min), b = Math.log(max);
        for (int i = 0; i < GRID; i++) g[i] = Math.exp(a + (b - a) * i / (GRID - 1));
        return g;
    }

    /** One width: pairs (train_t, test_t) over its evaluation steps, resampled on the grid. */
    public static Curve resample(double[] grid, double[] train, double[] test) {
        Integer[] order = new Integer[train.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> train[i]));
        double[] xs = new double[train.length], ys = new double[train.length];
        for (int i = 0; i < order.length; i++) {
            xs[i] = train[order[i]];
            ys[i] = test[order[i]];
        }
        double lo = xs[0], hi = xs[xs.length - 1];
        int count = 0;
        for (double g : grid) if (g >= lo && g <= hi) count++;
        double[] gx = new double[count], gy = new double[count];
        int k = 0, j = 0;
        for (double g : grid) {
            if (g < lo || g > hi) continue;
            while (j + 1 < xs.length - 1 && xs[j + 1] < g) j++;
            int j1 = Math.min(j + 1, xs.length - 1);
            double t = xs[j1] == xs[j] ? 0.0 : (g - xs[j]) / (xs[j1] - xs[j]);
            gx[k] = g;
            gy[k] = ys[j] + Math.max(0, Math.min(1, t)) * (ys[j1] - ys[j]);
            k++;
        }
        return new Curve(movingAverage(gx), movingAverage(gy));
    }

    /** Centred moving average of length 5 (shorter at the ends). */
    public static double[] movingAverage(double[] v) {
        double[] out = new double[v.length];
        int h = SMOOTH / 2;
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            int n = 0;
            for (int j = Math.max(0, i - h); j <= Math.min(v.length - 1, i + h); j++) {
                s += v[j];
                n++;
            }
            out[i] = s / n;
        }
        return out;
    }
}
