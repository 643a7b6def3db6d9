package org.wideneck.app;

import org.wideneck.app.config.UserError;
import java.util.ArrayList;
import java.util.List;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.config.Width;
import org.wideneck.app.data.WeightsLoader;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.run.TrainSettings;

/** Turns a validated config and its data into the runs of a sweep, checking what needs both. */
public final class Planner {
    private Planner() {}

    /**
     * compute.threads = auto: in local mode the cores left per concurrent run (a sweep of more runs than
     * cores gets one thread each); on a cluster 0, which each task resolves to the cores Spark gave it
     * ({@code spark.task.cpus}, see RunTask).
     */
    static int autoThreads(String master, int runs) {
        if (!master.startsWith("local")) return 0;
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, Math.min(cores, runs)));
    }

    /** spark.mode with auto resolved: partitioned for a single run, sweep for several. */
    public static WideneckConfig.Mode mode(WideneckConfig cfg) {
        WideneckConfig.Mode m = cfg.spark().mode();
        if (m != WideneckConfig.Mode.AUTO) return m;
        return runs(cfg) == 1 ? WideneckConfig.Mode.PARTITIONED : WideneckConfig.Mode.SWEEP;
    }

    /** Runs of the sweep: learning rates × replicates × widths. */
    static int runs(WideneckConfig cfg) {
        return cfg.sweep().learningRates().size() * cfg.sweep().replicates() * cfg.model().widths().size();
    }

    /** The plans of a config whose files are local or reachable with Hadoop's defaults (tests). */
    public static List<RunPlan> plans(WideneckConfig cfg, Problem problem) {
        return plans(cfg, problem, org.wideneck.app.files.HadoopConf.defaults());
    }

    /** The runs of the sweep, most expensive first; init.npy-dir is read with the given Hadoop settings. */
    public static List<RunPlan> plans(WideneckConfig cfg, Problem problem, org.wideneck.app.files.HadoopConf hadoop) {
        WideneckConfig.Train t = cfg.train();
        int n = problem.train().size();
        int batch = t.fullBatch() ? n : t.batchSize();
        if (batch > n) {
            throw new UserError("config: train.batch-size = " + batch + " exceeds the " + n + " training points (use full for full batch)");
        }
        boolean finite = cfg.model().kind() == WideneckConfig.Kind.FINITE;
        if (finite && cfg.init().zeroOutput()) {
            throw new UserError("config: init.zero-output = true has no finite-network counterpart; it applies to model.kind = infinite only");
        }
        NetworkWeights imported = null;
        if (!cfg.init().npyDir().isEmpty()) {
            imported = WeightsLoader.load(cfg.init().npyDir(), problem.d0(), problem.dr(), hadoop);
            for (Width w : cfg.model().widths()) {
                if (w.infinite()) {
                    throw new UserError("config: model.widths contains inf, but imported weights (init.npy-dir) define a finite bottleneck; "
                            + "run inf without init.npy-dir");
                }
                if (w.d() != imported.d()) {
                    throw new UserError("config: model.widths contains " + w.d() + " but the imported W2.npy has d = " + imported.d()
                            + " rows; set model.widths = [" + imported.d() + "]");
                }
            }
            if (cfg.sweep().replicates() > 1) {
                throw new UserError("config: sweep.replicates = " + cfg.sweep().replicates() + " with imported weights would repeat one run; use 1");
            }
        }
        int runs = runs(cfg);
        // partitioned: one run at a time, stepped by the driver with all its cores
        int threads = cfg.computeThreads() > 0 ? cfg.computeThreads()
                : mode(cfg) == WideneckConfig.Mode.PARTITIONED ? Runtime.getRuntime().availableProcessors()
                : autoThreads(cfg.spark().master(), runs);
        List<RunPlan> plans = new ArrayList<>();
        for (double lr : cfg.sweep().learningRates()) {
            for (int r = 0; r < cfg.sweep().replicates(); r++) {
                TrainSettings s = new TrainSettings(t.steps(), batch, lr, t.seed() + r, t.evalEvery(), t.evalTrainSize(),
                        t.divergenceFactor(), cfg.output().features(), t.embeddingUpdate(), cfg.output().model());
                long initSeed = cfg.init().seed() + r;
                int width = finite ? cfg.model().finiteWidth() : cfg.init().width();
                for (Width w : cfg.model().widths()) {
                    double mu = cfg.sweep().rate(w, lr);
                    plans.add(new RunPlan(w.infinite() ? RunPlan.INF : w.d(), finite, initSeed, initSeed, width,
                            cfg.init().infWidth(), cfg.init().zeroOutput(), imported, s.withLearningRate(mu), threads));
                }
            }
        }
        // the most expensive runs first, so a sweep's wall time approaches max(largest run, total ÷ slots)
        List<RunPlan> ordered = new ArrayList<>(plans);
        ordered.sort(java.util.Comparator.comparingDouble((RunPlan pl) -> -org.wideneck.core.run.CostModel.estimate(pl, problem).seconds()));
        return ordered;
    }
}
