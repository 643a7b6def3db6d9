package org.wideneck.core.run;

import java.util.function.Consumer;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.loop.TrainingLoop;

/**
 * What a run's lifecycle reports to and stores into, beyond its plan: progress, where checkpoints go (null: none),
 * where a kept model goes (null: nowhere), notes for the user, where the run is evaluated, and whether it is asked to
 * stop.
 */
public record RunHooks(TrainingLoop.Progress progress, CheckpointStore.Factory stores, ModelSink models, Consumer<String> log,
                       EvaluationSite site, StopRequest.Signal stop) {
    /** No progress, no checkpoints, no models, notes dropped, evaluated here, never stopped. */
    public static RunHooks none() {
        return new RunHooks(TrainingLoop.Progress.NONE, null, null, s -> {}, EvaluationSite.LOCAL, StopRequest.Signal.NEVER);
    }

    public RunHooks withStop(StopRequest.Signal s) {
        return new RunHooks(progress, stores, models, log, site, s);
    }

    public RunHooks withStores(CheckpointStore.Factory s) {
        return new RunHooks(progress, s, models, log, site, stop);
    }

    public RunHooks withModels(ModelSink m) {
        return new RunHooks(progress, stores, m, log, site, stop);
    }

    public RunHooks withProgress(TrainingLoop.Progress p) {
        return new RunHooks(p, stores, models, log, site, stop);
    }

    public RunHooks withLog(Consumer<String> l) {
        return new RunHooks(progress, stores, models, l, site, stop);
    }

    public RunHooks withSite(EvaluationSite s) {
        return new RunHooks(progress, stores, models, log, s, stop);
    }
}
