package org.wideneck.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.PointBlock;
import org.wideneck.core.dynamics.StateModel;
import org.wideneck.core.dynamics.UpdateSources;

/**
 * Executor side: a block of points (test, or training with spark.train-points = blocks) advanced by the
 * broadcast update sources. Once the lineage through it is
 * cut, {@link #release} destroys the broadcast and drops the handle (the checkpointed RDD still holds
 * this function and is serialized with later tasks, so the handle must go, not only the data).
 */
final class AdvanceBlock implements Function<PointBlock, PointBlock> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Problem> data;
    private final Broadcast<StateModel> model;
    private Broadcast<UpdateSources> updates;

    void release() {
        if (updates != null) updates.destroy();
        updates = null;
    }

    AdvanceBlock(Broadcast<Problem> data, Broadcast<StateModel> model, Broadcast<UpdateSources> updates) {
        this.data = data;
        this.model = model;
        this.updates = updates;
    }

    @Override
    public PointBlock call(PointBlock b) {
        if (updates == null) throw new IllegalStateException("evaluation state lost after its lineage was cut; set spark.checkpoint-dir");
        return b.advanced(updates.value(), data.value().train().x(), model.value().update());
    }
}
