package org.wideneck.core.run;

import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.checkpoint.CheckpointStore;

/** Builds the simulation a {@link RunPlan} describes, from its initial state (SPEC §3), and trains it. */
public final class RunExecutor {
    private RunExecutor() {}

    /** The simulation at step 0. */
    public static Simulation start(RunPlan plan, Problem problem, Workers workers) {
        double mu = plan.train().learningRate();
        // a run lazy from its first step (it then stays lazy: the rule only moves from eager to lazy) computes
        // the training points' initial state only where it reads them
        boolean lazyStart = !plan.finite() && plan.train().embeddingUpdate().lazyAt(0, plan.train(), problem.train().size());
        if (plan.infinite()) {
            Dataset tr = problem.train(), te = problem.test();
            double[] f0Test = plan.zeroOutput() ? new double[te.size() * te.dr()]
                    : InfiniteOutputDraw.draw(plan.initSeed(), plan.infWidth(), plan.infWidth(), te.x(), te.size(), te.d0(), te.dr(), workers);
            if (lazyStart) return KernelSgdSimulator.withLazyInitialState(problem, initialOutputs(plan, problem, workers), f0Test, mu, workers);
            double[] f0Train = plan.zeroOutput() ? new double[tr.size() * tr.dr()]
                    : InfiniteOutputDraw.draw(plan.initSeed(), plan.infWidth(), plan.infWidth(), tr.x(), tr.size(), tr.d0(), tr.dr(), workers);
            return new KernelSgdSimulator(problem, f0Train, f0Test, mu, workers);
        }
        NetworkWeights w = plan.weights() != null ? plan.weights()
                : NetworkWeights.random(plan.initSeed(), plan.initWidth(), problem.d0(), plan.width(), problem.dr());
        if (plan.finite()) return new FiniteNetwork(problem, w, mu);
        InitialNetwork net = new InitialNetwork(w, plan.zeroOutput());
        return lazyStart ? BottleneckSimulator.withLazyInitialState(problem, net, mu, workers) : new BottleneckSimulator(problem, net, mu, workers);
    }

    /** F_0 of the `inf` run at given training inputs (the same random-feature draw as the up-front pass). */
    private static org.wideneck.core.dynamics.InitialStates initialOutputs(RunPlan plan, Problem problem, Workers workers) {
        int m = plan.infWidth(), d0 = problem.d0(), dr = problem.dr();
        return new org.wideneck.core.dynamics.InitialStates() {
            /** The random features, made at the first use (a restored run may not need them). */
            private InfiniteOutputDraw draw;

            @Override
            public double[] at(double[] xi, int rows) {
                if (plan.zeroOutput()) return new double[rows * dr];
                if (draw == null) draw = new InfiniteOutputDraw(plan.initSeed(), m, m, d0, dr);
                return draw.at(xi, rows, workers);
            }

            @Override
            public long flops(long rows) {
                return 0; // the up-front draw is not counted either
            }
        };
    }

    /**
     * The simulation a checkpoint of this plan holds (see {@link Simulation#saveState}): the initial
     * network is rebuilt from the plan (the bottleneck runs need f_0 and J_0), no set-up pass over the data.
     */
    public static Simulation restore(RunPlan plan, Problem problem, Workers workers, org.wideneck.core.checkpoint.StateInput in)
            throws java.io.IOException {
        double mu = plan.train().learningRate();
        if (plan.infinite()) return KernelSgdSimulator.restore(in, problem, mu, workers, initialOutputs(plan, problem, workers));
        NetworkWeights w = plan.weights() != null ? plan.weights()
                : NetworkWeights.random(plan.initSeed(), plan.initWidth(), problem.d0(), plan.width(), problem.dr());
        if (plan.finite()) return FiniteNetwork.restore(in, problem, w, mu);
        return BottleneckSimulator.restore(in, problem, new InitialNetwork(w, plan.zeroOutput()), mu, workers);
    }

    /**
     * What identifies a run's trajectory (everything but its threads, which do not change results) and
     * the data's shape: a checkpoint is only continued by the run that wrote it.
     */
    public static String fingerprint(RunPlan plan, Problem problem) {
        TrainSettings s = plan.train();
        return String.join(" ", "width=" + plan.widthLabel(), "finite=" + plan.finite(), "replicate=" + plan.replicate(),
                "init-seed=" + plan.initSeed(), "init-width=" + plan.initWidth(), "inf-width=" + plan.infWidth(),
                "zero-output=" + plan.zeroOutput(), "weights=" + (plan.weights() == null ? "drawn" : "given"),
                "steps=" + s.steps(), "batch=" + s.batchSize(), "lr=" + Double.toHexString(s.learningRate()), "batch-seed=" + s.seed(),
                "eval-every=" + s.evalEvery(), "eval-train-size=" + s.evalTrainSize(),
                "divergence-factor=" + Double.toHexString(s.divergenceFactor()), "features=" + s.features(), "embedding-update=" + s.embeddingUpdate().name().toLowerCase(java.util.Locale.ROOT),
                "model=" + s.keepModel(),
                "data=" + problem.train().size() + "+" + problem.test().size() + "x" + problem.d0() + "->" + problem.dr());
    }

    public static RunOutcome execute(RunPlan plan, Problem problem, TrainingLoop.Progress progress) {
        return execute(plan, problem, progress, null, s -> {});
    }

    /**
     * Trains the plan's run, continuing from its newest usable checkpoint in the factory's store for
     * {@code runKey} when there is one, and checkpointing every {@link CheckpointStore.Factory#every} steps.
     *
     * @param stores null: no checkpoints
     */
    public static RunOutcome execute(RunPlan plan, Problem problem, TrainingLoop.Progress progress,
                                     org.wideneck.core.checkpoint.CheckpointStore.Factory stores, java.util.function.Consumer<String> log) {
        return execute(plan, problem, progress, stores, null, log);
    }

    /**
     * As above; a run whose settings keep its model ({@link TrainSettings#keepModel}) records its trajectory and,
     * when it finishes without diverging, hands its model to {@code models}.
     */
    public static RunOutcome execute(RunPlan plan, Problem problem, TrainingLoop.Progress progress,
                                     org.wideneck.core.checkpoint.CheckpointStore.Factory stores, ModelSink models,
                                     java.util.function.Consumer<String> log) {
        TrainSettings s = plan.train();
        if (s.batchSize() > problem.train().size()) {
            throw new IllegalArgumentException("batch size " + s.batchSize() + " exceeds the " + problem.train().size() + " training points");
        }
        try (Workers workers = new Workers(plan.threads())) {
            Checkpointing ck = checkpointing(plan, problem, stores, log);
            Checkpoints.Resumed<Simulation> from = resume(plan, problem, workers, ck);
            Simulation sim = from != null ? from.sim() : start(plan, problem, workers);
            recordIfKept(plan, sim);
            return saveModel(plan, problem, sim, TrainingLoop.run(sim, problem, s, progress, ck, from), models, log);
        }
    }

    /**
     * Has sim record its trajectory when the plan keeps its model (a finite network's model is its weights, no
     * trajectory). Called before the first step.
     */
    public static void recordIfKept(RunPlan plan, Simulation sim) {
        if (plan.train().keepModel() && !plan.finite()) sim.recordTrajectory();
    }

    /** The model of a finished run: its trajectory over its initial state, or a finite network's weights. */
    public static org.wideneck.core.model.TrainedModel model(RunPlan plan, Simulation sim, Problem problem) {
        if (plan.finite()) return org.wideneck.core.model.TrainedModel.finite(((FiniteNetwork) sim).weights(), plan.train().learningRate());
        return org.wideneck.core.model.TrainedModel.of(new org.wideneck.core.model.TrainedModel.Init(plan.initSeed(), plan.initWidth(),
                plan.infWidth(), plan.zeroOutput(), plan.weights()), sim.trajectory(), problem.train());
    }

    /**
     * Hands a finished run's model to the sink when its settings keep one and it did not diverge; the outcome
     * says where it went. A model that cannot be written is noted (log and outcome); the run's results stand.
     */
    public static RunOutcome saveModel(RunPlan plan, Problem problem, Simulation sim, RunOutcome outcome, ModelSink models,
                                       java.util.function.Consumer<String> log) {
        if (models == null || !plan.train().keepModel()) return outcome;
        if (outcome.diverged() != null) return outcome.withModel("not written: the run diverged");
        try {
            String where = models.save(plan, model(plan, sim, problem));
            log.accept("model saved to " + where);
            return outcome.withModel(where);
        } catch (java.io.IOException | RuntimeException e) {
            log.accept("the model could not be written (" + e.getMessage() + "); the run's results stand");
            return outcome.withModel("not written: " + e.getMessage());
        }
    }

    /** How the plan's run checkpoints with these stores (none when stores is null or its interval is 0). */
    public static Checkpointing checkpointing(RunPlan plan, Problem problem, org.wideneck.core.checkpoint.CheckpointStore.Factory stores,
                                              java.util.function.Consumer<String> log) {
        if (stores == null) return Checkpointing.NONE;
        return new Checkpointing(stores.every(), stores.forRun(plan.key()), fingerprint(plan, problem), log);
    }

    /** The plan's newest usable checkpoint, restored, or null (start from step 0); says so when resuming. */
    public static Checkpoints.Resumed<Simulation> resume(RunPlan plan, Problem problem, Workers workers, Checkpointing ck) {
        Checkpoints.Resumed<Simulation> r = Checkpoints.loadNewest(ck, plan.train(),
                () -> plan.train().features() ? new FeatureDiagnostics(problem.train(), plan.train().seed()) : null,
                in -> restore(plan, problem, workers, in));
        if (r != null) ck.log().accept("resuming from the checkpoint after step " + r.loop().step());
        return r;
    }
}
