package org.wideneck.core.dynamics;

import java.util.function.IntFunction;

/**
 * A simulation that defers the eq 42 updates of its training points (see {@link LocalTrainPoints}) and takes hints
 * from the training loop about how to apply them. Results do not depend on the hints.
 */
public interface DeferredUpdates {
    /**
     * Tells the simulation the batches of coming steps ({@code peek.apply(k)}: the next k), so state kept elsewhere
     * can be fetched for a whole period at once.
     */
    void lookahead(IntFunction<int[][]> peek);

    /**
     * Whether the deferred training-point updates recorded from the next step on are applied lazily (to a point
     * when it is read) or eagerly (to every point); see {@code core.loop.EmbeddingUpdate}.
     */
    void lazyTrainUpdates(boolean lazy);
}
