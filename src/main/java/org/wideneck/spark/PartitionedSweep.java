package org.wideneck.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.Distributable;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.run.EvaluationSite;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.dynamics.Simulation;

/**
 * Runs the plans of a sweep one after another on the driver ({@code spark.mode = partitioned}): the driver's threads
 * advance the steps, the executors evaluate the points. It only chooses where each run is evaluated
 * ({@link #onExecutors}: a {@link PartitionedRun} for a simulation that can hand out its points, the driver for the
 * finite-width network); the run itself goes through the one lifecycle, {@link RunExecutor#execute}.
 */
public final class PartitionedSweep {
    private PartitionedSweep() {}

    /**
     * @param hooks       checkpoints and models (written on the driver), the stop request, the observer of evaluations
     * @param trainBlocks the training points' state in RDD blocks on the executors ({@code spark.train-points = blocks})
     */
    public static List<SparkSweep.Result> run(JavaSparkContext sc, Problem problem, List<RunPlan> plans, Consumer<SparkSweep.Result> onResult,
                                              SweepHooks hooks, boolean trainBlocks) {
        Broadcast<Problem> data = sc.broadcast(problem);
        try {
            List<SparkSweep.Result> results = new ArrayList<>();
            for (RunPlan plan : plans) {
                sc.setJobDescription("wideneck width=" + plan.widthLabel() + " seed=" + plan.replicate() + " (evaluation)");
                String label = plan.label();
                Consumer<String> log = note -> System.out.println("[" + label + "] " + note);
                TrainingLoop.Progress progress = FaultInjection.withHold(new ProgressLog(label), FaultInjection.holdOnDriver(sc), label);
                RunHooks run = new RunHooks(progress, hooks.stores(), hooks.models(), log, onExecutors(sc, data, problem, trainBlocks, log),
                        hooks.stop(), hooks.observer());
                SparkSweep.Result r;
                try {
                    r = new SparkSweep.Result(plan, RunExecutor.execute(plan, problem, run), null);
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

    /** Evaluated on the executors' blocks when the simulation can hand out its points; on the driver otherwise. */
    static EvaluationSite onExecutors(JavaSparkContext sc, Broadcast<Problem> data, Problem problem, boolean trainBlocks, Consumer<String> log) {
        return sim -> {
            if (!(sim instanceof Distributable dist)) return EvaluationSite.LOCAL.attach(sim);
            PartitionedRun run = new PartitionedRun(sc, data, dist, problem, trainBlocks);
            return new EvaluationSite.Attached() {
                @Override
                public Simulation sim() {
                    return run;
                }

                @Override
                public void close() {
                    if (trainBlocks) log.accept("training points in RDD blocks: " + run.trainJobs() + " Spark jobs");
                    run.close();
                }
            };
        };
    }
}
