package org.wideneck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.dynamics.Distributable;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.run.TrainingLoop;
import org.wideneck.core.parallel.Workers;

/**
 * Runs the plans of a sweep one after another on the driver ({@code spark.mode = partitioned}): the
 * driver's threads advance the steps, the executors evaluate the points ({@link PartitionedRun}). Runs
 * whose simulation cannot hand out its points (the finite-width network) are evaluated on the driver.
 */
public final class PartitionedSweep {
    private PartitionedSweep() {}

    public static List<SparkSweep.Result> run(JavaSparkContext sc, Problem problem, List<RunPlan> plans,
                                              Consumer<SparkSweep.Result> onResult) {
        Broadcast<Problem> data = sc.broadcast(problem);
        try {
            List<SparkSweep.Result> results = new ArrayList<>();
            for (RunPlan plan : plans) {
                sc.setJobDescription("wideneck width=" + plan.widthLabel() + " seed=" + plan.replicate() + " (evaluation)");
                SparkSweep.Result r;
                try (Workers workers = new Workers(plan.threads())) {
                    Simulation core = RunExecutor.start(plan, problem, workers);
                    TrainingLoop.Progress progress = new ProgressLog(plan.label());
                    if (core instanceof Distributable dist) {
                        try (PartitionedRun run = new PartitionedRun(sc, data, dist, problem)) {
                            r = new SparkSweep.Result(plan, TrainingLoop.run(run, problem, plan.train(), progress), null);
                        }
                    } else {
                        r = new SparkSweep.Result(plan, TrainingLoop.run(core, problem, plan.train(), progress), null);
                    }
                } catch (RuntimeException | OutOfMemoryError e) {
                    r = new SparkSweep.Result(plan, null, SparkSweep.rootMessage(e));
                }
                onResult.accept(r);
                results.add(r);
            }
            return results;
        } finally {
            data.destroy();
        }
    }
}
