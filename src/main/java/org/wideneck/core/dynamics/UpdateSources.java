package org.wideneck.core.dynamics;

import java.io.IOException;
import java.io.Serializable;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.parallel.Workers;

/**
 * Sources of the eq 42 updates made over the steps [from, to) of a run: for each batch point of each step its
 * training index, |ξ|², h (h = J_sᵀχ_s ∈ R^d for a bottleneck, χ_s ∈ R^dr for `inf`) and the step that made it.
 * Immutable once made; applying them to target points whose state stands at step {@code from} is {@link #apply}.
 */
public record UpdateSources(int count, int width, int[] index, double[] norm, double[] h, int[] step, int from, int to)
        implements Serializable {
    public UpdateSources {
        if (index.length < count || norm.length < count || h.length < (long) count * width || step.length < count) {
            throw new IllegalArgumentException("update sources shorter than their count " + count);
        }
        if (to < from) throw new IllegalArgumentException("update sources cover steps [" + from + ", " + to + ")");
    }

    /**
     * s(ξ_t) ← s(ξ_t) − μ Σ_s k(ξ_t, ξ_s) h_s for the targets by the rule, the sources' ξ gathered from the training
     * inputs trainX (N×d0).
     *
     * @param state modified: targets×rule.stride()
     * @return matrix-product flops done
     */
    public long apply(double[] state, Points targets, double[] trainX, StateUpdate rule, Workers workers) {
        if (count == 0) return 0; // no steps since from: nothing moves
        int d0 = targets.d0();
        double[] xi = Rows.gather(trainX, d0, index, 0, count);
        return rule.apply(state, targets, new StateUpdate.Sources(new Points(xi, norm, count, d0), h, step, from, to), workers);
    }

    /** Writes the sources (a checkpoint, a model). */
    public void save(StateOutput out) throws IOException {
        out.writeInt(count);
        out.writeInt(from);
        out.writeInt(to);
        out.writeInts(index, count);
        out.writeDoubles(norm, count);
        out.writeDoubles(h, count * width);
        out.writeInts(step, count);
    }

    /** Sources {@link #save} wrote, of the given width, indices below indexBound. */
    public static UpdateSources read(StateInput in, int width, int indexBound) throws IOException {
        int count = in.readInt("sources", 0, Integer.MAX_VALUE / Math.max(1, width));
        int from = in.readInt("first step of the sources", 0, Integer.MAX_VALUE);
        int to = in.readInt("end step of the sources", from, Integer.MAX_VALUE);
        int[] index = in.readInts("source indices", count, Math.max(1, indexBound));
        double[] norm = in.readDoubles("source norms", (long) count);
        double[] h = in.readDoubles("source values", (long) count * width);
        int[] step = in.readInts("source steps", count, Integer.MAX_VALUE);
        for (int s : step) {
            if (s < from || s >= to) throw new CorruptCheckpointException("a source's step " + s + " is outside [" + from + ", " + to + ")");
        }
        return new UpdateSources(count, width, index, norm, h, step, from, to);
    }
}
