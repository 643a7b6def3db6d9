package org.wideneck.core.dynamics;

import java.util.Arrays;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.parallel.Workers;

/**
 * Update sources recorded since the test split was last brought up to date. The test embeddings are
 * needed only at evaluations, so their eq 42 updates are applied there in one blocked pass (the same
 * sum; only the rounding order differs from applying them step by step).
 */
final class PendingUpdates {
    private final int width;
    private int[] index = new int[0];
    private double[] norm = new double[0];
    private double[] h = new double[0];
    private int rows;

    PendingUpdates(int width) {
        this.width = width;
    }

    /** Records count sources: training indices, |ξ|² and h (count×width). */
    void add(int[] srcIndex, double[] srcNorm, double[] srcH, int count) {
        int need = rows + count;
        if (need > norm.length) {
            int cap = Math.max(need, 2 * norm.length);
            index = Arrays.copyOf(index, cap);
            norm = Arrays.copyOf(norm, cap);
            h = Arrays.copyOf(h, cap * width);
        }
        System.arraycopy(srcIndex, 0, index, rows, count);
        System.arraycopy(srcNorm, 0, norm, rows, count);
        System.arraycopy(srcH, 0, h, rows * width, count * width);
        rows = need;
    }

    /** Writes the recorded sources (a checkpoint). */
    void save(org.wideneck.core.checkpoint.StateOutput out) throws java.io.IOException {
        out.tag("pending");
        out.writeInt(rows);
        out.writeInts(index, rows);
        out.writeDoubles(norm, rows);
        out.writeDoubles(h, rows * width);
    }

    /** Replaces the recorded sources with those {@link #save} wrote; indices must be below n. */
    void restore(org.wideneck.core.checkpoint.StateInput in, int n) throws java.io.IOException {
        in.expect("pending");
        int r = in.readInt("pending rows", 0, Integer.MAX_VALUE / Math.max(1, width));
        index = in.readInts("pending indices", r, n);
        norm = in.readDoubles("pending norms", (long) r);
        h = in.readDoubles("pending sources", (long) r * width);
        rows = r;
    }

    int rows() {
        return rows;
    }

    /**
     * Applies the pending updates without clearing them (targets whose state is needed before the next
     * flush: the batch points).
     *
     * @param g modified
     * @return matrix-product flops done
     */
    long applyKeeping(double[] g, Dataset train, double[] tXi, double[] tNorm, int targets, double mu, boolean infinite,
                      org.wideneck.core.kernel.KernelPath path, Workers workers) {
        return new UpdateSources(rows, width, index, norm, h).apply(g, tXi, tNorm, targets, train.x(), train.d0(), mu, infinite,
                path, workers);
    }

    /** The recorded sources (copies), keeping them. */
    UpdateSources copy() {
        return new UpdateSources(rows, width, Arrays.copyOf(index, rows), Arrays.copyOf(norm, rows), Arrays.copyOf(h, rows * width));
    }

    /** The recorded sources (copies), clearing them. */
    UpdateSources drain() {
        UpdateSources u = new UpdateSources(rows, width, Arrays.copyOf(index, rows), Arrays.copyOf(norm, rows),
                Arrays.copyOf(h, rows * width));
        rows = 0;
        return u;
    }
}
