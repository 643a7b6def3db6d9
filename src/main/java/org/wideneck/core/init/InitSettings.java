package org.wideneck.core.init;

import java.io.Serializable;
import org.wideneck.core.model.Model;

/**
 * How a run's initial state is made (SPEC §3): the random-feature networks drawn from {@code seed} at hidden width n
 * ({@code width}), the `inf` runs' F_0 drawn at width m ({@code infWidth}), F_0 = 0 instead ({@code zeroOutput}), or
 * imported {@code weights} (null: drawn).
 */
public record InitSettings(long seed, int width, int infWidth, boolean zeroOutput, NetworkWeights weights) implements Serializable {
    public InitSettings {
        if (width < 1 || infWidth < 1) throw new IllegalArgumentException("initial widths must be ≥ 1, got " + width + " and " + infWidth);
    }

    /** The initial weights of a finite-bottleneck model on d0 → dr data: the imported ones, or the seed's draw. */
    public NetworkWeights weightsFor(Model model, int d0, int dr) {
        return weights != null ? weights : NetworkWeights.random(seed, width, d0, model.width(), dr, model.gDepth());
    }

    /** g_0, f_0, J_0 of a finite-bottleneck model on d0 → dr data. */
    public InitialNetwork networkFor(Model model, int d0, int dr) {
        return new InitialNetwork(weightsFor(model, d0, dr), model.activation(), zeroOutput);
    }

    /** The random features of an `inf` model's F_0 draw (m = n = infWidth). */
    public InfiniteOutputDraw infiniteDrawFor(Model model, int d0, int dr) {
        return new InfiniteOutputDraw(seed, infWidth, infWidth, d0, dr, model.activation(), model.gDepth());
    }
}
