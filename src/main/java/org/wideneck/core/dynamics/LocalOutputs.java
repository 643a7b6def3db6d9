package org.wideneck.core.dynamics;

import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.Split;
import org.wideneck.core.model.Loss;

/** A simulation that computes its outputs F_t in this process, and evaluates itself from them. */
public interface LocalOutputs extends Simulation {
    /** The loss the run minimises (and its metrics report). */
    Loss loss();

    /** F_t at every point of the split, N×dr (a fresh array). */
    double[] outputs(Split split);

    /** F_t at the given rows of the split, rows.length×dr (a fresh array); simulators avoid computing the rest. */
    double[] outputs(Split split, int[] rows);

    @Override
    default Evaluation evaluate(Dataset data, Split split, int[] rows) {
        return data.evaluate(rows == null ? outputs(split) : outputs(split, rows), loss());
    }
}
