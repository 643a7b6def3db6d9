package org.wideneck.core.run;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.InitialStates;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.dynamics.TrajectoryRecorder;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.loop.EvaluationReporter;
import org.wideneck.core.loop.LoopResult;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.model.Model;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.trained.TrainedModel;

/**
 * The one lifecycle of a run: its checkpoints' place, the newest usable checkpoint restored or the initial state of
 * SPEC §3 built, its trajectory recorded when its model is kept, the simulation attached to where it is evaluated,
 * the training loop with the run's listeners, and the trained model handed to its sink ({@link #execute}). Every
 * entry point — a sweep's Spark task, a partitioned run on the driver, a test — runs a plan through it.
 */
public final class RunExecutor {
    private RunExecutor() {}

    /**
     * Trains the plan's run: continuing from its newest usable checkpoint in the hooks' stores when there is one,
     * checkpointing every {@link CheckpointStore.Factory#every} steps, evaluated at the hooks' site; a run whose
     * settings keep its model records its trajectory and, when it finishes without diverging, hands its model to the
     * hooks' sink.
     */
    public static RunOutcome execute(RunPlan plan, Problem problem, RunHooks hooks) {
        TrainSettings s = plan.train();
        if (s.batchSize() > problem.train().size()) {
            throw new IllegalArgumentException("batch size " + s.batchSize() + " exceeds the " + problem.train().size() + " training points");
        }
        try (Workers workers = new Workers(plan.threads())) {
            Checkpointing ck = checkpointing(plan, problem, hooks.stores(), hooks.log());
            EvaluationReporter.Sink told = hooks.observer() == RunHooks.RunObserver.NONE ? EvaluationReporter.Sink.NONE
                    : (rows, step, steps) -> hooks.observer().evaluated(plan, rows, step, steps);
            Checkpoints.Resumed<RunListeners, Simulation> from = Checkpoints.loadNewest(ck, s,
                    () -> new RunListeners(plan.model(), problem, s, hooks.progress(), ck, hooks.stop(), told), RunListeners::stateful,
                    in -> restore(plan, problem, workers, in));
            if (from != null) ck.log().accept("resuming from the checkpoint after step " + from.position().step());
            RunListeners listeners = from != null ? from.listeners() : new RunListeners(plan.model(), problem, s, hooks.progress(), ck, hooks.stop(), told);
            Simulation sim = from != null ? from.sim() : start(plan, problem, workers);
            if (s.keepModel() && sim instanceof TrajectoryRecorder r) r.recordTrajectory();
            LoopResult result;
            try (EvaluationSite.Attached at = hooks.site().attach(sim)) {
                result = TrainingLoop.run(at.sim(), problem, s, listeners.ordered(),
                        from != null ? from.position() : TrainingLoop.Position.start());
            }
            return saveModel(plan, problem, sim, listeners.outcome(result), hooks.models(), hooks.log());
        }
    }

    /** The simulation at step 0 (SPEC §3). */
    public static Simulation start(RunPlan plan, Problem problem, Workers workers) {
        Model model = plan.model();
        double mu = plan.train().learningRate();
        InitSettings init = plan.init();
        if (plan.finiteNetwork()) return new FiniteNetwork(problem, model, init.weightsFor(model, problem.d0(), problem.dr()), mu);
        // a run lazy from its first step (it then stays lazy: the rule only moves from eager to lazy) computes the
        // training points' initial state only where it reads them
        boolean lazyStart = plan.train().embeddingUpdate().lazyAt(0, plan.train(), problem.train().size());
        if (model.infinite()) {
            Dataset tr = problem.train(), te = problem.test();
            InfiniteOutputDraw draw = init.zeroOutput() ? null : init.infiniteDrawFor(model, problem.d0(), problem.dr());
            double[] f0Test = draw == null ? new double[te.size() * te.dr()] : draw.at(te.x(), te.size(), workers);
            if (lazyStart) return KernelSgdSimulator.withLazyInitialState(problem, model, initialOutputs(plan, problem, workers), f0Test, mu, workers);
            double[] f0Train = draw == null ? new double[tr.size() * tr.dr()] : draw.at(tr.x(), tr.size(), workers);
            return new KernelSgdSimulator(problem, model, f0Train, f0Test, mu, KernelPath.best(), workers);
        }
        var net = init.networkFor(model, problem.d0(), problem.dr());
        return lazyStart ? BottleneckSimulator.withLazyInitialState(problem, model, net, mu, workers)
                : new BottleneckSimulator(problem, model, net, mu, KernelPath.best(), workers);
    }

    /** F_0 of the `inf` run at given training inputs (the same random-feature draw as the up-front pass). */
    private static InitialStates initialOutputs(RunPlan plan, Problem problem, Workers workers) {
        int dr = problem.dr();
        return new InitialStates() {
            /** The random features, made at the first use (a restored run may not need them). */
            private InfiniteOutputDraw draw;

            @Override
            public double[] at(double[] xi, int rows) {
                if (plan.init().zeroOutput()) return new double[rows * dr];
                if (draw == null) draw = plan.init().infiniteDrawFor(plan.model(), problem.d0(), dr);
                return draw.at(xi, rows, workers);
            }

            @Override
            public long flops(long rows) {
                return 0; // the up-front draw is not counted either
            }
        };
    }

    /**
     * The simulation a checkpoint of this plan holds: the initial network is rebuilt from the plan (the bottleneck
     * runs need f_0 and J_0), no set-up pass over the data.
     */
    public static Simulation restore(RunPlan plan, Problem problem, Workers workers, StateInput in) throws IOException {
        Model model = plan.model();
        double mu = plan.train().learningRate();
        if (plan.finiteNetwork()) {
            return FiniteNetwork.restore(in, problem, model, plan.init().weightsFor(model, problem.d0(), problem.dr()), mu);
        }
        if (model.infinite()) return KernelSgdSimulator.restore(in, problem, model, mu, workers, initialOutputs(plan, problem, workers));
        return BottleneckSimulator.restore(in, problem, model, plan.init().networkFor(model, problem.d0(), problem.dr()), mu, workers);
    }

    /**
     * What identifies a run's trajectory (everything but its threads and output group, which do not change results)
     * and the data's shape: a checkpoint is only continued by the run that wrote it.
     */
    public static String fingerprint(RunPlan plan, Problem problem) {
        TrainSettings s = plan.train();
        Model m = plan.model();
        InitSettings init = plan.init();
        return String.join(" ", "width=" + plan.widthLabel(), "simulator=" + plan.simulator().name().toLowerCase(Locale.ROOT),
                "activation=" + m.activation().name(), "g-depth=" + m.gDepth(), "loss=" + m.loss().label(),
                "momentum=" + Double.toHexString(m.momentum().beta()), "replicate=" + plan.replicate(), "init-seed=" + init.seed(),
                "init-width=" + init.width(), "inf-width=" + init.infWidth(), "zero-output=" + init.zeroOutput(),
                "weights=" + (init.weights() == null ? "drawn" : "given"), "steps=" + s.steps(), "batch=" + s.batchSize(),
                "lr=" + Double.toHexString(s.learningRate()), "batch-seed=" + s.seed(), "eval-every=" + s.evalEvery(),
                "eval-train-size=" + s.evalTrainSize(), "divergence-factor=" + Double.toHexString(s.divergenceFactor()),
                "features=" + s.features(), "embedding-update=" + s.embeddingUpdate().name().toLowerCase(Locale.ROOT), "model=" + s.keepModel(),
                "data=" + problem.train().size() + "+" + problem.test().size() + "x" + problem.d0() + "->" + problem.dr());
    }

    /** The model of a finished run: its trajectory over its initial state, or a finite network's weights. */
    public static TrainedModel model(RunPlan plan, Simulation sim, Problem problem) {
        if (plan.finiteNetwork()) return TrainedModel.finite(plan.model(), ((FiniteNetwork) sim).weights(), plan.train().learningRate());
        return TrainedModel.of(plan.model(), plan.init(), ((TrajectoryRecorder) sim).trajectory(), problem.train());
    }

    /**
     * Hands a finished run's model to the sink when its settings keep one and it did not diverge; the outcome says where
     * it went. A model that cannot be written is noted (log and outcome); the run's results stand.
     */
    static RunOutcome saveModel(RunPlan plan, Problem problem, Simulation sim, RunOutcome outcome, ModelSink models, Consumer<String> log) {
        if (models == null || !plan.train().keepModel()) return outcome;
        if (outcome.diverged() != null) return outcome.withModel("not written: the run diverged");
        if (outcome.interrupted()) return outcome.withModel("not written: the run was interrupted");
        try {
            String where = models.save(plan, model(plan, sim, problem));
            log.accept("model saved to " + where);
            return outcome.withModel(where);
        } catch (IOException | RuntimeException e) {
            log.accept("the model could not be written (" + e.getMessage() + "); the run's results stand");
            return outcome.withModel("not written: " + e.getMessage());
        }
    }

    /** How the plan's run checkpoints with these stores (none when stores is null or its interval is 0). */
    static Checkpointing checkpointing(RunPlan plan, Problem problem, CheckpointStore.Factory stores, Consumer<String> log) {
        if (stores == null) return Checkpointing.NONE;
        return new Checkpointing(stores.every(), stores.forRun(plan.key()), fingerprint(plan, problem), log);
    }
}
