package org.wideneck.spark;

import java.io.Serializable;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.run.ModelSink;
import org.wideneck.core.run.RunHooks;

/**
 * What every run of a sweep reports to and stores into, wherever it runs (serializable: a sweep's runs take it to their
 * executors): where checkpoints go (null: none), where kept models go (null: nowhere), whether the runs are asked to
 * stop, and who is told their metric rows as they come.
 */
public record SweepHooks(CheckpointStore.Factory stores, ModelSink models, StopRequest.Signal stop, RunHooks.RunObserver observer)
        implements Serializable {
    /** No checkpoints, no models, never stopped, nobody told. */
    public static SweepHooks none() {
        return new SweepHooks(null, null, StopRequest.Signal.NEVER, RunHooks.RunObserver.NONE);
    }
}
