package org.wideneck.core.dynamics;

import java.io.Serializable;
import java.util.List;

/**
 * What a run's steps leave behind that its outputs at points it never trained on follow from (SPEC §4): every
 * eq 42 update the test points received, in the groups they were applied in (one group per evaluation: the same
 * sums in the same rounding order as the run's own test points), with the sources' indices into the training set,
 * and — for a bottleneck — the history H of f_t (null for `inf`, whose updated state is F itself), after
 * {@code steps} steps.
 *
 * @param model how the state moves and becomes outputs (the run's kernels, path, μ and momentum)
 */
public record Trajectory(StateModel model, List<UpdateSources> groups, History history, int steps) implements Serializable {
    public Trajectory {
        groups = List.copyOf(groups);
        if ((model.output() == null) != (history == null)) throw new IllegalArgumentException("a bottleneck's trajectory has a history, inf's none");
    }

    /** Sources in all groups. */
    public long sources() {
        long s = 0;
        for (UpdateSources u : groups) s += u.count();
        return s;
    }
}
