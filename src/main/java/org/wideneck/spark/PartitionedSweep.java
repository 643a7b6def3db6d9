package org.wideneck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.dynamics.Distributable;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.Checkpointing;
import org.wideneck.core.run.Checkpoints;
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

    /** @param stores where the runs checkpoint (on the driver) and resume from, or null for none */
    public static List<SparkSweep.Result> run(JavaSparkContext sc, Problem problem, List<RunPlan> plans,
                                              Consumer<SparkSweep.Result> onResult,
                                              org.wideneck.core.checkpoint.CheckpointStore.Factory stores) {
        return run(sc, problem, plans, onResult, stores, false, null);
    }

    /**
     * @param trainBlocks the training points' state in RDD blocks on the executors ({@code spark.train-points = blocks})
     * @param models      where a run that keeps its model saves it (on the driver), or null
     */
    public static List<SparkSweep.Result> run(JavaSparkContext sc, Problem problem, List<RunPlan> plans,
                                              Consumer<SparkSweep.Result> onResult,
                                              org.wideneck.core.checkpoint.CheckpointStore.Factory stores, boolean trainBlocks,
                                              org.wideneck.core.run.ModelSink models) {
        Broadcast<Problem> data = sc.broadcast(problem);
        try {
            List<SparkSweep.Result> results = new ArrayList<>();
            for (RunPlan plan : plans) {
                sc.setJobDescription("wideneck width=" + plan.widthLabel() + " seed=" + plan.replicate() + " (evaluation)");
                SparkSweep.Result r;
                try (Workers workers = new Workers(plan.threads())) {
                    String label = plan.label();
                    Checkpointing ck = RunExecutor.checkpointing(plan, problem, stores, note -> System.out.println("[" + label + "] " + note));
                    Checkpoints.Resumed<Simulation> from = RunExecutor.resume(plan, problem, workers, ck);
                    Simulation core = from != null ? from.sim() : RunExecutor.start(plan, problem, workers);
                    RunExecutor.recordIfKept(plan, core);
                    java.util.function.Consumer<String> log = note -> System.out.println("[" + label + "] " + note);
                    TrainingLoop.Progress progress = FaultInjection.withHold(new ProgressLog(label), FaultInjection.holdOnDriver(sc), label);
                    if (core instanceof Distributable dist) {
                        try (PartitionedRun run = new PartitionedRun(sc, data, dist, problem, trainBlocks)) {
                            r = new SparkSweep.Result(plan, RunExecutor.saveModel(plan, problem, core,
                                    TrainingLoop.run(run, problem, plan.train(), progress, ck, from), models, log), null);
                            if (trainBlocks) System.out.println("[" + label + "] training points in RDD blocks: " + run.trainJobs() + " Spark jobs");
                        }
                    } else {
                        r = new SparkSweep.Result(plan, RunExecutor.saveModel(plan, problem, core,
                                TrainingLoop.run(core, problem, plan.train(), progress, ck, from), models, log), null);
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
