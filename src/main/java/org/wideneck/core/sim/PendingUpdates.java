package org.wideneck.core.sim;

import java.util.Arrays;

/**
 * Update sources (ξ_s, |ξ_s|², h_s) recorded since the test split was last brought up to date. The test
 * embeddings are needed only at evaluations, so their eq 42 updates are applied there in one blocked pass
 * (the same sum; only the rounding order differs from applying them step by step).
 */
final class PendingUpdates {
    private final int d0;
    private final int width;
    private double[] xi = new double[0];
    private double[] norm = new double[0];
    private double[] h = new double[0];
    private int rows;

    PendingUpdates(int d0, int width) {
        this.d0 = d0;
        this.width = width;
    }

    void add(double[] srcXi, double[] srcNorm, double[] srcH, int count) {
        int need = rows + count;
        if (need > norm.length) {
            int cap = Math.max(need, 2 * norm.length);
            xi = Arrays.copyOf(xi, cap * d0);
            norm = Arrays.copyOf(norm, cap);
            h = Arrays.copyOf(h, cap * width);
        }
        System.arraycopy(srcXi, 0, xi, rows * d0, count * d0);
        System.arraycopy(srcNorm, 0, norm, rows, count);
        System.arraycopy(srcH, 0, h, rows * width, count * width);
        rows = need;
    }

    /**
     * Applies and clears the pending updates.
     *
     * @param g modified
     * @return matrix-product flops done
     */
    long flush(double[] g, double[] tXi, double[] tNorm, int targets, double mu, boolean infinite,
               org.wideneck.core.kernel.KernelPath path, Workers workers) {
        long f = KernelGUpdate.apply(g, width, tXi, tNorm, targets, xi, norm, h, rows, d0, mu, infinite, path, workers);
        rows = 0;
        return f;
    }
}
