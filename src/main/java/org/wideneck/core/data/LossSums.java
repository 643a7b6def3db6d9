package org.wideneck.core.data;

import org.wideneck.core.parallel.Grains;
import java.io.Serializable;
import org.wideneck.core.model.Loss;

/**
 * Partial sums of the metrics of SPEC §5 over a split of {@code points} points, kept per slot of
 * {@link Grains#LOSS_SLOT} consecutive points: Σ ℓ(F, y) and the count of argmax F = label. The loss is the sum of
 * the slots in order divided by the number of points, so the result does not depend on how the points
 * were split among tasks as long as each slot is filled by one {@link #add} (Spark partitions are cut
 * on slot boundaries); {@link #merge} of disjoint slots is exact. An aggregator with add and merge, in the
 * manner of MLlib's.
 */
public final class LossSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int points;
    private final double[] loss;
    private final long[] correct;
    private long flops;

    public LossSums(int points) {
        this.points = points;
        int slots = (points + Grains.LOSS_SLOT - 1) / Grains.LOSS_SLOT;
        this.loss = new double[slots];
        this.correct = new long[slots];
    }

    /**
     * Adds points [first, first + rows) of the split: outputs f and targets y (rows×dr, local rows), labels (local, or
     * null for regression), each point's loss by the run's loss. Modifies this; returns it.
     */
    public LossSums add(int first, int rows, double[] f, double[] y, int[] labels, int dr, Loss lossFn) {
        if (first < 0 || first + rows > points) throw new IllegalArgumentException("points " + first + "+" + rows + " outside 0.." + points);
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int k = 0; k < dr; k++) if (f[i * dr + k] > f[i * dr + best]) best = k;
            int slot = (first + i) / Grains.LOSS_SLOT;
            loss[slot] += lossFn.value(f, i * dr, y, i * dr, dr);
            if (labels != null && best == labels[i]) correct[slot]++;
        }
        return this;
    }

    /** Counts matrix-product flops done for these points (reported in run.json). Modifies this; returns it. */
    public LossSums addFlops(long f) {
        flops += f;
        return this;
    }

    /** Adds other's slots to this one's. Modifies this; returns it. */
    public LossSums merge(LossSums other) {
        if (other.points != points) throw new IllegalArgumentException("sums over " + other.points + " and " + points + " points");
        for (int s = 0; s < loss.length; s++) {
            loss[s] += other.loss[s];
            correct[s] += other.correct[s];
        }
        flops += other.flops;
        return this;
    }

    public long flops() {
        return flops;
    }

    /** Mean loss, and accuracy (NaN when not classification). */
    public Evaluation evaluation(boolean classification) {
        double l = 0;
        long c = 0;
        for (int s = 0; s < loss.length; s++) {
            l += loss[s];
            c += correct[s];
        }
        return new Evaluation(l / points, classification ? (double) c / points : Double.NaN);
    }
}
