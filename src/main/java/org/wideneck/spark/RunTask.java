package org.wideneck.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.EvaluationSite;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.loop.TrainingLoop;

/**
 * The executor side of a sweep: one plan, run by the core against the broadcast data (continued from its
 * newest checkpoint when it has one). A failure of the
 * run itself (bad shapes, out of memory) comes back as a one-line message rather than failing the sweep.
 */
final class RunTask implements Function<RunPlan, RunTask.Output> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Problem> data;
    private final org.wideneck.core.checkpoint.CheckpointStore.Factory stores;
    private final org.wideneck.core.run.ModelSink models;
    private final StopRequest.Signal stop;

    /**
     * @param stores where the runs checkpoint (and resume from), or null for none
     * @param models where a run that keeps its model saves it, or null
     * @param stop   whether the run is asked to stop (it then checkpoints and returns as interrupted)
     */
    RunTask(Broadcast<Problem> data, org.wideneck.core.checkpoint.CheckpointStore.Factory stores, org.wideneck.core.run.ModelSink models,
            StopRequest.Signal stop) {
        this.data = data;
        this.stores = stores;
        this.models = models;
        this.stop = stop;
    }

    record Output(RunOutcome outcome, String failure) implements Serializable {}

    @Override
    public Output call(RunPlan plan) {
        FaultInjection.maybeFail();
        if (plan.threads() == 0) { // compute.threads = auto on a cluster: the cores Spark gave this task
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            plan = plan.withThreads(tc != null ? Math.max(1, tc.cpus()) : 1);
        }
        try {
            org.wideneck.core.kernel.SimdWarmup.run(); // a new executor JVM compiles the SIMD loops before the run needs them
            Problem p = data.value();
            String label = plan.label();
            TrainingLoop.Progress progress = FaultInjection.withHold(new ProgressLog(label), FaultInjection.holdInTask(), label);
            RunHooks hooks = new RunHooks(progress, stores, models, note -> System.out.println("[" + label + "] " + note), EvaluationSite.LOCAL,
                    stop);
            return new Output(RunExecutor.execute(plan, p, hooks), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Output(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
