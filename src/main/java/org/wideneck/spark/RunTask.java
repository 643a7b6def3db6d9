package org.wideneck.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.sim.Problem;
import org.wideneck.core.sim.RunExecutor;
import org.wideneck.core.sim.RunOutcome;
import org.wideneck.core.sim.RunPlan;
import org.wideneck.core.sim.TrainingLoop;

/**
 * The executor side of a sweep: one plan, run by the core against the broadcast data. A failure of the
 * run itself (bad shapes, out of memory) comes back as a one-line message rather than failing the sweep.
 */
final class RunTask implements Function<RunPlan, RunTask.Output> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Problem> data;
    private final boolean failFirstAttempt;

    /** @param failFirstAttempt test-only fault injection: the first attempt of every task throws, so Spark retries it */
    RunTask(Broadcast<Problem> data, boolean failFirstAttempt) {
        this.data = data;
        this.failFirstAttempt = failFirstAttempt;
    }

    record Output(RunOutcome outcome, String failure) implements Serializable {}

    @Override
    public Output call(RunPlan plan) {
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        if (failFirstAttempt && tc != null && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt (debug.fail-first-attempt)");
        }
        try {
            Problem p = data.value();
            TrainingLoop.Progress progress = new ProgressLog(plan.label());
            return new Output(RunExecutor.execute(plan, p, progress), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Output(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
