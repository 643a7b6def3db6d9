package org.wideneck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;

/**
 * Runs the plans of a sweep (widths × replicates) as independent Spark tasks, as many at once as the
 * cluster has task slots. The data goes out once as a broadcast; each plan is its own one-task job,
 * so the driver hands every finished run to {@code onResult} as soon as it is done (results of a long
 * sweep are written as they arrive, not lost with a later failure).
 */
public final class SparkSweep {
    private SparkSweep() {}

    /** The outcome of one plan: its result, or the failure's one-line description. */
    public record Result(RunPlan plan, RunOutcome outcome, String failure) {}

    /** @param hooks checkpoints and models (written from the executors), the stop request, the observer of evaluations */
    public static List<Result> run(JavaSparkContext sc, Problem problem, List<RunPlan> plans, Consumer<Result> onResult, SweepHooks hooks) {
        Broadcast<Problem> data = sc.broadcast(problem);
        try {
            List<JavaFutureAction<List<RunTask.Output>>> jobs = new ArrayList<>();
            for (RunPlan plan : plans) {
                sc.setJobDescription("wideneck width=" + plan.widthLabel() + " seed=" + plan.replicate());
                jobs.add(sc.parallelize(List.of(plan), 1).map(new RunTask(data, hooks)).collectAsync());
            }
            ExecutorService waiters = Executors.newFixedThreadPool(Math.max(1, plans.size()));
            try {
                List<Future<Result>> waits = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    RunPlan plan = plans.get(i);
                    JavaFutureAction<List<RunTask.Output>> job = jobs.get(i);
                    waits.add(waiters.submit(() -> {
                        Result r;
                        try {
                            RunTask.Output out = job.get().get(0);
                            r = new Result(plan, out.outcome(), out.failure());
                        } catch (ExecutionException e) {
                            r = new Result(plan, null, "Spark job failed: " + rootMessage(e));
                        }
                        synchronized (onResult) {
                            onResult.accept(r);
                        }
                        return r;
                    }));
                }
                List<Result> results = new ArrayList<>();
                for (Future<Result> w : waits) results.add(w.get());
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(rootMessage(e), e);
            } finally {
                waiters.shutdownNow();
            }
        } finally {
            data.destroy();
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
