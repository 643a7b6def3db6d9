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
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.kernel.SimdWarmup;

/**
 * The executor side of a sweep: one plan, run by the core against the broadcast data (continued from its
 * newest checkpoint when it has one). A failure of the
 * run itself (bad shapes, out of memory) comes back as a one-line message rather than failing the sweep.
 */
final class RunTask implements Function<RunPlan, RunTask.Output> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Problem> data;
    private final SweepHooks hooks;

    RunTask(Broadcast<Problem> data, SweepHooks hooks) {
        this.data = data;
        this.hooks = hooks;
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
            SimdWarmup.run(); // a new executor JVM compiles the SIMD loops before the run needs them
            Problem p = data.value();
            String label = plan.label();
            TrainingLoop.Progress progress = FaultInjection.withHold(new ProgressLog(label), FaultInjection.holdInTask(), label);
            RunHooks run = new RunHooks(progress, hooks.stores(), hooks.models(), note -> System.out.println("[" + label + "] " + note),
                    EvaluationSite.LOCAL, hooks.stop(), hooks.observer());
            return new Output(RunExecutor.execute(plan, p, run), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Output(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
