package org.wideneck.core.dynamics;

import org.wideneck.core.parallel.Grains;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.LossSums;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Loss;
import org.wideneck.core.parallel.Workers;

/**
 * A block of consecutive points of one split as it travels to wherever it is evaluated (a Spark
 * partition): points [first, first + rows) of the split, their inputs ξ (rows×d0) and |ξ|², targets and
 * labels, and the held state that SGD moves — g (rows×d) for the bottleneck runs, F (rows×dr) for `inf`, with their
 * velocities beside them under momentum ({@code width} = the state's stride).
 * Immutable: {@link #advanced} returns a new block. Blocks start on multiples of {@link Grains#POINT_BLOCK}, which the
 * fixed task ranges of {@link StateUpdate}, {@link OutputFunction} and {@link LossSums} all divide, so
 * a point gets the same bits here as in the simulator.
 */
public record PointBlock(int first, int rows, int d0, double[] xi, double[] norm, int dr, double[] y, int[] labels,
                         int width, double[] state) implements Serializable {
    static {
        if (Grains.POINT_BLOCK % Grains.TARGET_RANGE != 0 || Grains.POINT_BLOCK % Grains.OUTPUT_RANGE != 0 || Grains.POINT_BLOCK % Grains.LOSS_SLOT != 0) {
            throw new AssertionError("Grains.POINT_BLOCK must be a multiple of every task range");
        }
    }

    /**
     * Cuts points of data into blocks of {@link Grains#POINT_BLOCK}: all of them (rows == null; with their inputs, for
     * blocks that carry and advance a state) or the given rows (targets only; the state comes with each
     * evaluation). state: the points' state (count×width, in the same order) or null.
     */
    public static List<PointBlock> cut(Dataset data, int[] rows, double[] state, int width) {
        int count = rows == null ? data.size() : rows.length;
        if (state != null && state.length != (long) count * width) {
            throw new IllegalArgumentException("state has " + state.length + " entries, expected " + count + "×" + width);
        }
        List<PointBlock> out = new ArrayList<>();
        for (int b = 0; b < count; b += Grains.POINT_BLOCK) {
            int r = Math.min(Grains.POINT_BLOCK, count - b);
            int[] idx = new int[r];
            for (int i = 0; i < r; i++) idx[i] = rows == null ? b + i : rows[b + i];
            Dataset sub = data.subset(idx);
            double[] xi = rows == null ? sub.x() : null;
            double[] norm = rows == null ? Gemm.rowSquaredNorms(xi, r, data.d0()) : null;
            double[] st = state == null ? null : Arrays.copyOfRange(state, b * width, (b + r) * width);
            out.add(new PointBlock(b, r, data.d0(), xi, norm, data.dr(), sub.y(), sub.labels(), width, st));
        }
        return out;
    }

    /**
     * Blocks of all the training points that carry only their state and |ξ|² (no inputs or targets): their
     * inputs are the training inputs every executor has already (the broadcast data), taken at each advance.
     */
    public static List<PointBlock> cutTrainState(Dataset train, double[] state, int width) {
        List<PointBlock> out = new ArrayList<>();
        double[] norms = Gemm.rowSquaredNorms(train.x(), train.size(), train.d0());
        for (int b = 0; b < train.size(); b += Grains.POINT_BLOCK) {
            int r = Math.min(Grains.POINT_BLOCK, train.size() - b);
            out.add(new PointBlock(b, r, train.d0(), null, Arrays.copyOfRange(norms, b, b + r), train.dr(), null, null, width,
                    Arrays.copyOfRange(state, b * width, (b + r) * width)));
        }
        return out;
    }

    /**
     * This block with the updates applied to a copy of its state (eq 42 for g, the kernel-SGD update for
     * `inf` F). trainX: the training inputs the sources index (and this block's own, for a block of
     * {@link #cutTrainState}).
     */
    public PointBlock advanced(UpdateSources u, double[] trainX, StateUpdate rule) {
        double[] s = state.clone();
        double[] targets = xi != null ? xi : Arrays.copyOfRange(trainX, first * d0, (first + rows) * d0);
        u.apply(s, new Points(targets, norm, rows, d0), trainX, rule, Workers.sequential());
        return new PointBlock(first, rows, d0, xi, norm, dr, y, labels, width, s);
    }

    /** Adds this block's loss and accuracy for the outputs F (rows×dr) to acc. Modifies acc; returns it. */
    public LossSums addTo(LossSums acc, double[] outputs, Loss loss) {
        return acc.add(first, rows, outputs, y, labels, dr, loss);
    }
}
