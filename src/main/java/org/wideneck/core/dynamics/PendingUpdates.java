package org.wideneck.core.dynamics;

import java.io.IOException;
import java.util.Arrays;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.parallel.Workers;

/**
 * Update sources recorded since a set of points (the training or the test split) was last brought up to date, at
 * step {@link #from}. The test embeddings are needed only at evaluations, so their eq 42 updates are applied there
 * in one blocked pass (the same sum; only the rounding order differs from applying them step by step).
 */
final class PendingUpdates {
    private final int width;
    private int[] index = new int[0];
    private int[] step = new int[0];
    private double[] norm = new double[0];
    private double[] h = new double[0];
    private int rows;
    /** The step the points stand at: the sources recorded were made at this step and after. */
    private int from;

    PendingUpdates(int width) {
        this.width = width;
    }

    /** Records count sources made at step s: training indices, |ξ|² and h (count×width). */
    void add(int[] srcIndex, double[] srcNorm, double[] srcH, int count, int s) {
        int need = rows + count;
        if (need > norm.length) {
            int cap = Math.max(need, 2 * norm.length);
            index = Arrays.copyOf(index, cap);
            step = Arrays.copyOf(step, cap);
            norm = Arrays.copyOf(norm, cap);
            h = Arrays.copyOf(h, cap * width);
        }
        System.arraycopy(srcIndex, 0, index, rows, count);
        Arrays.fill(step, rows, need, s);
        System.arraycopy(srcNorm, 0, norm, rows, count);
        System.arraycopy(srcH, 0, h, rows * width, count * width);
        rows = need;
    }

    /** Writes the recorded sources (a checkpoint). */
    void save(StateOutput out) throws IOException {
        out.tag("pending-v2");
        out.writeInt(from);
        out.writeInt(rows);
        out.writeInts(index, rows);
        out.writeInts(step, rows);
        out.writeDoubles(norm, rows);
        out.writeDoubles(h, rows * width);
    }

    /** Replaces the recorded sources with those {@link #save} wrote; indices must be below n. */
    void restore(StateInput in, int n) throws IOException {
        in.expect("pending-v2");
        from = in.readInt("pending from step", 0, Integer.MAX_VALUE);
        int r = in.readInt("pending rows", 0, Integer.MAX_VALUE / Math.max(1, width));
        index = in.readInts("pending indices", r, n);
        step = in.readInts("pending steps", r, Integer.MAX_VALUE);
        norm = in.readDoubles("pending norms", (long) r);
        h = in.readDoubles("pending sources", (long) r * width);
        rows = r;
    }

    int rows() {
        return rows;
    }

    /**
     * Applies the pending updates, as of step to, without clearing them (targets whose state is needed before the
     * next flush: the batch points).
     *
     * @param state modified
     * @return matrix-product flops done
     */
    long applyKeeping(double[] state, Points targets, double[] trainX, int to, StateUpdate rule, Workers workers) {
        return view(to).apply(state, targets, trainX, rule, workers);
    }

    private UpdateSources view(int to) {
        return new UpdateSources(rows, width, index, norm, h, step, from, to);
    }

    /** The recorded sources as of step to (copies), keeping them. */
    UpdateSources copy(int to) {
        return new UpdateSources(rows, width, Arrays.copyOf(index, rows), Arrays.copyOf(norm, rows), Arrays.copyOf(h, rows * width),
                Arrays.copyOf(step, rows), from, to);
    }

    /** The recorded sources as of step to (copies), clearing them: the points then stand at step to. */
    UpdateSources drain(int to) {
        UpdateSources u = copy(to);
        rows = 0;
        from = to;
        return u;
    }
}
