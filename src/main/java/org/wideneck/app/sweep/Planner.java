package org.wideneck.app.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.wideneck.app.config.LearningRates;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.config.Width;
import org.wideneck.app.data.WeightsLoader;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.run.CostModel;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.run.Simulator;

/** Turns a validated config and its data into the runs of a sweep, checking what needs both. */
public final class Planner {
    private Planner() {}

    /**
     * compute.threads = auto: in local mode the cores left per concurrent run (a sweep of more runs than cores gets
     * one thread each); on a cluster 0, which each task resolves to the cores Spark gave it ({@code spark.task.cpus},
     * see RunTask).
     */
    static int autoThreads(String master, int runs) {
        if (!master.startsWith("local")) return 0;
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, Math.min(cores, runs)));
    }

    /** The plans of a config whose files are local or reachable with Hadoop's defaults (tests). */
    public static List<RunPlan> plans(WideneckConfig cfg, Problem problem) {
        return plans(cfg, problem, HadoopConf.defaults());
    }

    /** The runs of the sweep, most expensive first; init.npy-dir is read with the given Hadoop settings. */
    public static List<RunPlan> plans(WideneckConfig cfg, Problem problem, HadoopConf hadoop) {
        WideneckConfig.Train t = cfg.train();
        WideneckConfig.Model m = cfg.model();
        int n = problem.train().size();
        int batch = t.fullBatch() ? n : t.batchSize();
        if (batch > n) {
            throw new UserError("config: train.batch-size = " + batch + " exceeds the " + n + " training points (use full for full batch)");
        }
        boolean finite = m.kind() == WideneckConfig.Kind.FINITE;
        if (finite && cfg.init().zeroOutput()) {
            throw new UserError("config: init.zero-output = true has no finite-network counterpart; it applies to model.kind = infinite only");
        }
        for (Dataset ds : new Dataset[] {problem.train(), problem.test()}) {
            String bad = t.loss().refuseTargets(ds.y(), ds.size(), ds.dr());
            if (bad != null) {
                throw new UserError("config: train.loss = " + t.loss().label() + " cannot train on these targets: "
                        + (ds == problem.train() ? "training" : "test") + " " + bad);
            }
        }
        NetworkWeights imported = null;
        if (!cfg.init().npyDir().isEmpty()) {
            imported = WeightsLoader.load(cfg.init().npyDir(), problem.d0(), problem.dr(), m.gDepth(), hadoop);
            for (Width w : m.widths()) {
                if (w.infinite()) {
                    throw new UserError("config: model.widths contains inf, but imported weights (init.npy-dir) define a finite bottleneck; "
                            + "run inf without init.npy-dir");
                }
                if (w.d() != imported.d()) {
                    throw new UserError("config: model.widths contains " + w.d() + " but the imported " + NetworkWeights.layerName(m.gDepth())
                            + ".npy has d = " + imported.d() + " rows; set model.widths = [" + imported.d() + "]");
                }
            }
            if (cfg.sweep().replicates() > 1) {
                throw new UserError("config: sweep.replicates = " + cfg.sweep().replicates() + " with imported weights would repeat one run; use 1");
            }
        }
        // partitioned: one run at a time, stepped by the driver with all its cores
        int threads = cfg.computeThreads() > 0 ? cfg.computeThreads()
                : cfg.mode() == WideneckConfig.Mode.PARTITIONED ? Runtime.getRuntime().availableProcessors()
                : autoThreads(cfg.spark().master(), cfg.runs());
        Momentum momentum = new Momentum(t.momentum());
        List<RunPlan> plans = new ArrayList<>();
        for (LearningRates.Group group : cfg.sweep().rates().groups()) {
            for (int r = 0; r < cfg.sweep().replicates(); r++) {
                long initSeed = cfg.init().seed() + r;
                int width = finite ? m.finiteWidth() : cfg.init().width();
                InitSettings init = new InitSettings(initSeed, width, cfg.init().infWidth(), cfg.init().zeroOutput(), imported);
                for (Width w : m.widths()) {
                    TrainSettings s = new TrainSettings(t.steps(), batch, group.rate(w), t.seed() + r, t.evalEvery(), t.evalTrainSize(),
                            t.divergenceFactor(), cfg.output().features(), t.embeddingUpdate(), cfg.output().model());
                    Model model = new Model(w.infinite() ? Model.INF : w.d(), m.activation(), m.gDepth(), t.loss(), momentum);
                    plans.add(new RunPlan(model, finite ? Simulator.FINITE_NETWORK : Simulator.FUNCTION_SPACE, initSeed, init, s, group.dir(),
                            threads));
                }
            }
        }
        // the most expensive runs first, so a sweep's wall time approaches max(largest run, total ÷ slots)
        List<RunPlan> ordered = new ArrayList<>(plans);
        ordered.sort(Comparator.comparingDouble((RunPlan pl) -> -CostModel.estimate(pl, problem).seconds()));
        return ordered;
    }
}
