package org.wideneck.core.dynamics;

import java.io.Serializable;
import java.util.List;
import org.wideneck.core.kernel.KernelPath;

/**
 * What a run's steps leave behind that its outputs at points it never trained on follow from (SPEC §4):
 * every eq 42 update the test points received, in the groups they were applied in (one group per
 * evaluation: the same sums in the same rounding order as the run's own test points), with the sources'
 * indices into the training set, and — for a bottleneck — the history H of f_t (null for `inf`, whose
 * updated state is F itself).
 *
 * @param width d for a bottleneck, dr for `inf` (the width of the updated state)
 * @param path  the kernel loops the run used (SIMD or scalar; outputs elsewhere use the same, for the same bits)
 */
public record Trajectory(boolean infinite, int width, double mu, KernelPath path, List<UpdateSources> groups, History history)
        implements Serializable {
    public Trajectory {
        groups = List.copyOf(groups);
        if (infinite != (history == null)) throw new IllegalArgumentException("a bottleneck's trajectory has a history, inf's none");
    }

    /** Sources in all groups. */
    public long sources() {
        long s = 0;
        for (UpdateSources u : groups) s += u.count();
        return s;
    }
}
