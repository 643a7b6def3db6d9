package org.wideneck.core.run;

import java.util.function.Consumer;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.loop.MetricPoint;

/**
 * What a run's lifecycle reports to and stores into, beyond its plan: progress, where checkpoints go (null: none),
 * where a kept model goes (null: nowhere), notes for the user, where the run is evaluated, whether it is asked to
 * stop, and who is told its metric rows as they come.
 */
public record RunHooks(TrainingLoop.Progress progress, CheckpointStore.Factory stores, ModelSink models, Consumer<String> log,
                       EvaluationSite site, StopRequest.Signal stop, RunObserver observer) {
    /** Told a run's metric rows after each of its evaluations (serializable: a sweep's runs tell it from their executors). */
    public interface RunObserver extends java.io.Serializable {
        void evaluated(RunPlan plan, java.util.List<MetricPoint> rows, int step, int steps);

        RunObserver NONE = (plan, rows, step, steps) -> {};
    }

    /** No progress, no checkpoints, no models, notes dropped, evaluated here, never stopped. */
    public static RunHooks none() {
        return new RunHooks(TrainingLoop.Progress.NONE, null, null, s -> {}, EvaluationSite.LOCAL, StopRequest.Signal.NEVER, RunObserver.NONE);
    }

    public RunHooks withStop(StopRequest.Signal s) {
        return new RunHooks(progress, stores, models, log, site, s, observer);
    }

    public RunHooks withObserver(RunObserver o) {
        return new RunHooks(progress, stores, models, log, site, stop, o);
    }

    public RunHooks withStores(CheckpointStore.Factory s) {
        return new RunHooks(progress, s, models, log, site, stop, observer);
    }

    public RunHooks withModels(ModelSink m) {
        return new RunHooks(progress, stores, m, log, site, stop, observer);
    }

    public RunHooks withProgress(TrainingLoop.Progress p) {
        return new RunHooks(p, stores, models, log, site, stop, observer);
    }

    public RunHooks withLog(Consumer<String> l) {
        return new RunHooks(progress, stores, models, l, site, stop, observer);
    }

    public RunHooks withSite(EvaluationSite s) {
        return new RunHooks(progress, stores, models, log, s, stop, observer);
    }
}
