package org.wideneck.app.sweep;

import org.wideneck.app.config.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.wideneck.app.checkpoint.CheckpointFiles;
import org.wideneck.app.checkpoint.ResumeFile;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.cli.Provenance;
import org.wideneck.app.config.Keys;
import org.wideneck.app.data.SparkData;
import org.wideneck.app.data.WeightsLoader;
import org.wideneck.app.model.ModelFiles;
import org.wideneck.app.model.ModelInfo;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.spark.FaultInjection;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.LearningRates;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.config.Width;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.app.report.RateSweepReport;
import org.wideneck.app.report.Report;
import org.wideneck.app.report.RunOutputs;
import org.wideneck.core.checkpoint.CheckpointStore;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.data.Split;
import org.wideneck.spark.PartitionedSweep;
import org.wideneck.spark.SparkSweep;
import org.wideneck.spark.SweepHooks;
import org.wideneck.app.report.LiveReport;
import org.wideneck.app.report.ProgressRows;
import org.wideneck.spark.SparkContexts;

/**
 * {@code submit/local CONF [key=value ...]} and {@code submit/local --resume DIR [compute.*=… spark.*=…]} (and the
 * same through {@code submit/cluster}): runs the sweep a config describes on Spark and writes {@code metrics.csv},
 * {@code run.json}, figures and the report to its output directory. Exit status ({@link ExitCode}): 0 all runs
 * finished; 2 bad input (one line on standard error, nothing written); 3 some run diverged or failed (the others'
 * results are written); 1 an internal error (one line, details in error.log).
 */
public final class SweepCommand implements Command {
    /** Held so the level set on it is not lost to garbage collection (JUL keeps loggers weakly). */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");
    private FileStore outDir;

    @Override
    public String usage() {
        return "submit/local CONF [key=value ...]\nsubmit/local --resume DIR [compute.*=... spark.*=...]";
    }

    @Override
    public String summary() {
        return "Runs the sweep a HOCON config file describes (bottleneck widths × replicates × learning rates) on Spark and writes "
                + "metrics.csv, metrics.parquet, features.csv, acceleration.csv, run.json, figures/ and report.html to output.dir. Any key "
                + "below may be set in the file or on the command line. --resume DIR continues an interrupted sweep from its "
                + "checkpoints with the settings stored in DIR (only compute.* and spark.* may change).";
    }

    @Override
    public List<Keys.Key> keys() {
        return Keys.ALL;
    }

    @Override
    public FileStore errorLogDir() {
        return outDir;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        NETLIB_LOG.setLevel(Level.SEVERE);
        for (String f : line.flags()) {
            if (!f.equals("--resume")) throw new UserError("unknown option '" + f + "' (options: --resume DIR, --help, --version)");
        }
        boolean resume = line.has("--resume");
        List<String> pos = line.positional();
        if (resume && pos.isEmpty()) throw new UserError("--resume needs the output directory of the sweep to continue");
        if (pos.isEmpty()) throw new UserError("give a config file: " + usage().split("\n")[0] + " (see --help)");
        if (pos.size() > 1) {
            throw new UserError("one " + (resume ? "directory" : "config file") + " at a time; '" + pos.get(1) + "' is extra (a setting is key=value)");
        }
        String[] args = line.args().toArray(new String[0]);
        // resume.json is read with the Hadoop settings spark-submit gives (the stored config's come with it)
        ResumeFile.Stored stored = resume ? ResumeFile.read(FileStores.open(pos.get(0), HadoopConf.of(Map.of()))) : null;
        WideneckConfig cfg = resume
                ? ConfigLoader.loadStored(stored.name(), stored.config(), line.overrides(), pos.get(0))
                : ConfigLoader.load(pos.get(0), line.overrides());
        HadoopConf hadoop = HadoopConf.of(cfg.spark().conf());
        SimdWarmup.inBackground(); // compiled during the data load and Spark's start
        if (debugHold() != null) {
            try {
                FaultInjection.holdRuns(null, debugHold());
            } catch (IllegalArgumentException e) {
                throw new UserError("WIDENECK_DEBUG_HOLD: " + e.getMessage());
            }
        }
        // every location is checked before data load and Spark start
        FileStore dir = resume ? FileStores.open(pos.get(0), hadoop) : outputDir(cfg, hadoop);
        if (resume) dir.checkWritable("--resume");
        checkCheckpointDir(cfg.spark().checkpointDir());
        Map<String, Object> provenance = provenance(cfg, args, hadoop);
        if (resume) ResumeFile.checkInputs(stored, inputHashes(provenance));
        DataLoader.Prepared data = null;
        List<RunPlan> plans = null;
        if (cfg.data().source() != WideneckConfig.Source.SPARK) { // a Spark source is read once Spark runs
            data = DataLoader.prepare(cfg.data(), hadoop);
            plans = Planner.plans(cfg, data.problem(), hadoop);
            Preflight.check(cfg, data.problem(), plans, Runtime.getRuntime().maxMemory());
        }
        outDir = dir;
        return sweep(cfg, data, plans, dir, provenance, resume, hadoop);
    }

    /** Tests only: WIDENECK_DEBUG_HOLD=STEP:FILE holds every run after STEP until FILE exists (see FaultInjection); null when unset. */
    static String debugHold() {
        String h = System.getenv("WIDENECK_DEBUG_HOLD");
        return h == null || h.isEmpty() ? null : h;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c;
    }

    /** output.dir (a local path or a Hadoop URI), checked: writable, and holding no results yet. */
    static FileStore outputDir(WideneckConfig cfg, HadoopConf hadoop) {
        String dir = cfg.output().dir();
        if (dir.isEmpty()) {
            dir = "out/" + cfg.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        FileStore p = FileStores.open(dir, hadoop);
        p.checkWritable("output.dir");
        for (LearningRates.Group g : cfg.sweep().rates().groups()) {
            FileStore r = groupDir(p, g.dir());
            boolean held;
            try {
                held = r.exists("metrics.csv");
            } catch (IOException e) {
                throw new UserError("config: output.dir = \"" + dir + "\" cannot be read: " + FileStores.oneLine(e));
            }
            if (held) {
                throw new UserError("config: output.dir = \"" + dir + "\" already holds results (" + r.locate("metrics.csv") + "); choose another directory");
            }
        }
        boolean started;
        try {
            started = p.exists(ResumeFile.NAME) || p.exists("run.json");
        } catch (IOException e) {
            throw new UserError("config: output.dir = \"" + dir + "\" cannot be read: " + FileStores.oneLine(e));
        }
        if (started) {
            throw new UserError("config: output.dir = \"" + dir + "\" holds a sweep that did not finish (" + p.locate(ResumeFile.NAME)
                    + "); continue it with --resume " + p.location() + ", or choose another directory");
        }
        return p;
    }

    /** spark.checkpoint-dir on the local file system (no scheme, or file:) is checked like output.dir; others go to Spark. */
    static void checkCheckpointDir(String dir) {
        if (dir.isEmpty() || FileStores.remote(dir)) return;
        FileStores.open(dir, HadoopConf.defaults()).checkWritable("spark.checkpoint-dir");
    }

    /**
     * What a reader of a result needs to reproduce it: the project's version and commit (the launchers pass
     * {@code -Dwideneck.commit}, with "-dirty" for uncommitted changes), the command line, the JVM, the
     * kernel path, and the SHA-256 of every input file.
     */
    static Map<String, Object> provenance(WideneckConfig cfg, String[] args, HadoopConf hadoop) {
        Map<String, Object> m = new LinkedHashMap<>(Provenance.of("submit/local", args).toMap());
        Map<String, Object> files = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>(cfg.data().source() == WideneckConfig.Source.SPARK
                ? SparkData.inputFiles(cfg.data().spark(), hadoop) : DataLoader.inputFiles(cfg.data(), hadoop));
        if (!cfg.init().npyDir().isEmpty()) inputs.addAll(WeightsLoader.files(cfg.init().npyDir(), cfg.model().gDepth(), hadoop));
        for (String p : inputs) if (FileStores.inputExists(p, hadoop)) files.put(p, FileStores.sha256(p, hadoop));
        m.put("input_files_sha256", files);
        return m;
    }

    /** The input files' SHA-256 that {@link #provenance} recorded. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inputHashes(Map<String, Object> provenance) {
        return (Map<String, Object>) provenance.get("input_files_sha256");
    }

    /**
     * Starts Spark, reads a Spark data source (problem and plans null) and runs the plans, writing their
     * results. resume: outDir holds an interrupted sweep of these plans; its finished runs are kept and
     * skipped, the others continue from their newest checkpoints.
     */
    static int sweep(WideneckConfig cfg, DataLoader.Prepared data, List<RunPlan> plans, FileStore outDir, Map<String, Object> provenance,
                     boolean resume, HadoopConf hadoop) {
        List<String> order = new ArrayList<>();
        for (Width w : cfg.model().widths()) order.add(w.label());
        long t0 = System.nanoTime();
        JavaSparkContext context;
        SparkSession session = null;
        // a refused start is reported in one line below; Spark's own log of it (with a trace) stays off the console
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.SparkContext", org.apache.logging.log4j.Level.OFF);
        try {
            String app = "wideneck " + cfg.name();
            if (data == null) { // data.source = spark reads through Spark SQL; the other sources need the context alone (3 s less)
                session = SparkContexts.session(app, cfg.spark().master(), cfg.spark().conf());
                context = JavaSparkContext.fromSparkContext(session.sparkContext());
            } else {
                context = SparkContexts.create(app, cfg.spark().master(), cfg.spark().conf());
            }
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.SparkContext", org.apache.logging.log4j.Level.ERROR);
        } catch (Exception e) { // Scala code throws checked SparkExceptions undeclared
            throw new UserError("spark: Spark did not start with spark.master = \"" + cfg.spark().master() + "\" and spark.conf = "
                    + cfg.spark().conf() + ": " + rootCause(e).getMessage());
        }
        try (JavaSparkContext sc = context) {
            sc.setLogLevel("ERROR");
            if (data == null) { // data.source = spark: read, checked, before anything is written
                data = SparkData.prepare(session, cfg.data());
                plans = Planner.plans(cfg, data.problem(), hadoop);
                Preflight.check(cfg, data.problem(), plans, Runtime.getRuntime().maxMemory());
            }
            Problem problem = data.problem();
            System.out.printf(Locale.ROOT, "wideneck: %s: %d train / %d test points, d0 = %d, dr = %d; "
                    + "%s widths %s × %d replicate(s); %d steps of batch %d, μ = %s%n",
                    cfg.name(), problem.train().size(), problem.test().size(), problem.d0(), problem.dr(),
                    cfg.model().kind().name().toLowerCase(Locale.ROOT), order, cfg.sweep().replicates(), cfg.train().steps(),
                    plans.get(0).train().batchSize(),
                    cfg.sweep().rates().describe());
            System.out.println((resume ? "wideneck: resuming " : "wideneck: writing to ") + outDir.location());
            FileStore.Lock lock;
            try {
                lock = outDir.lock();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot lock " + outDir.location() + ": " + e.getMessage(), e);
            }
            try (lock) {
                return runAll(cfg, problem, plans, outDir, provenance, resume, sc, order, t0, models(cfg, data, outDir, provenance, sc));
            }
        }
    }

    /** Where the runs save their models (output.model = true), or null. */
    static ModelFiles models(WideneckConfig cfg, DataLoader.Prepared data, FileStore outDir,
                                                   Map<String, Object> provenance, JavaSparkContext sc) {
        if (!cfg.output().model()) return null;
        Problem p = data.problem();
        List<Integer> labels = null;
        if (p.train().classification()) {
            labels = new ArrayList<>(cfg.data().classes());
            if (labels.isEmpty()) for (int k = 0; k < p.dr(); k++) labels.add(k);
        }
        Map<String, Object> prov = new LinkedHashMap<>();
        for (String k : new String[] {"wideneck", "commit", "input_files_sha256"}) if (provenance.get(k) != null) prov.put(k, provenance.get(k));
        prov.put("data_source", cfg.data().source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        prov.put("config", cfg.name());
        return new ModelFiles(outDir.resolve("models"),
                new ModelInfo(p.d0(), p.dr(), data.transform(), labels, prov), sc.version());
    }

    private static int runAll(WideneckConfig cfg, Problem problem, List<RunPlan> plans, FileStore outDir, Map<String, Object> provenance,
                              boolean resume, JavaSparkContext sc, List<String> order, long t0, ModelFiles models) {
        Map<String, Object> versions = new LinkedHashMap<>(provenance);
        versions.put("spark", sc.version());
        versions.put("spark_master", sc.master());
        versions.put("blas", Gemm.implementation());
        WideneckConfig.Mode mode = cfg.mode();
        versions.put("spark_mode", mode.name().toLowerCase(Locale.ROOT));
        System.out.printf(Locale.ROOT, "wideneck: %s (commit %s), Java %s, Spark %s on %s (%s mode), BLAS %s, %s kernels, "
                + "%d thread(s) a run; %d input file(s), SHA-256 in run.json%n",
                versions.get("wideneck"), versions.get("commit"), versions.get("java"), sc.version(), sc.master(), versions.get("spark_mode"),
                Gemm.implementation(), versions.get("kernel_path"), plans.get(0).threads(), inputHashes(provenance).size());
        // one output directory per learning rate when the sweep has several (metrics.csv keeps its header)
        Map<String, RunOutputs> outputs = new LinkedHashMap<>();
        for (LearningRates.Group g : cfg.sweep().rates().groups()) {
            Map<String, Object> prov = RunOutputs.provenance(cfg.resolvedJson(), versions);
            prov.put("learning_rate", g.recorded());
            FileStore dir = groupDir(outDir, g.dir());
            outputs.put(g.dir(), resume ? RunOutputs.resume(dir, prov, order) : new RunOutputs(dir, prov, order));
        }
        if (!resume) ResumeFile.write(outDir, cfg.name(), cfg.resolvedJson(), inputHashes(provenance));
        CheckpointStore.Factory stores = CheckpointFiles.under(outDir, cfg.train().checkpointEvery());
        if (resume) {
            List<RunPlan> left = new ArrayList<>();
            for (RunPlan p : plans) {
                RunOutputs o = outputs.get(p.group());
                if (!o.has(p.widthLabel(), p.replicate())) left.add(p);
            }
            System.out.printf(Locale.ROOT, "wideneck: %d of %d run(s) finished before; %d to go%n", plans.size() - left.size(), plans.size(), left.size());
            plans = left;
        }
        List<LiveReport.Group> live = new ArrayList<>();
        for (Map.Entry<String, RunOutputs> e : outputs.entrySet()) {
            long runs = plans.stream().filter(p -> p.group().equals(e.getKey())).count();
            live.add(new LiveReport.Group(e.getValue(), (int) runs + e.getValue().ended())); // with those a resume keeps
        }
        try (Interruption interruption = new Interruption(outDir)) {
            return runPlans(cfg, problem, plans, outDir, sc, t0, models, outputs, stores, mode, interruption, live);
        }
    }

    /** Runs the plans left, writes each finished run's results as it comes, then the reports; the exit status. */
    private static int runPlans(WideneckConfig cfg, Problem problem, List<RunPlan> plans, FileStore outDir, JavaSparkContext sc, long t0,
                                ModelFiles models, Map<String, RunOutputs> outputs, CheckpointStore.Factory stores, WideneckConfig.Mode mode,
                                Interruption interruption, List<LiveReport.Group> live) {
        java.util.concurrent.atomic.AtomicReference<String> writeFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<SparkSweep.Result> write = r -> {
            RunOutputs o = outputs.get(r.plan().group());
            System.out.println(summary(r, cfg.sweep().rates().several() || cfg.sweep().rates().givenPerWidth()));
            try {
                o.add(r.plan(), r.outcome(), r.failure()); // kept in memory even when the write fails; the next write retries all
                writeFailure.set(null);
                // its results are on disk: the run's checkpoints have served (a failed or interrupted run keeps them for --resume)
                if (r.outcome() != null && !r.outcome().interrupted()) {
                    try {
                        stores.forRun(r.plan().key()).clear();
                    } catch (IOException e) {
                        System.err.println("wideneck: note: the checkpoints of " + r.plan().label() + " could not be removed (" + e.getMessage() + ")");
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                writeFailure.set(e.getMessage());
                System.err.println("wideneck: error: the results could not be written (" + e.getMessage()
                        + "); the other runs go on, and the next finished run rewrites every result");
            }
        };
        if (cfg.failFirstAttempt()) FaultInjection.failFirstAttempts(sc);
        if (debugHold() != null) FaultInjection.holdRuns(sc, debugHold());
        if (!cfg.spark().checkpointDir().isEmpty()) sc.setCheckpointDir(cfg.spark().checkpointDir());
        SweepHooks hooks = new SweepHooks(stores, models, interruption.request(), new ProgressRows(outDir));
        List<SparkSweep.Result> results;
        try (LiveReport watching = new LiveReport(live)) {
            results = mode == WideneckConfig.Mode.PARTITIONED
                    ? PartitionedSweep.run(sc, problem, plans, write, hooks, cfg.spark().trainPoints() == WideneckConfig.TrainPoints.BLOCKS)
                    : SparkSweep.run(sc, problem, plans, write, hooks);
        }
        int bad = 0, stopped = 0;
        for (SparkSweep.Result r : results) {
            if (r.outcome() != null && r.outcome().interrupted()) stopped++;
            else if (r.failure() != null || r.outcome().diverged() != null) bad++;
        }
        System.out.printf(Locale.ROOT, "wideneck: %d run(s) in %.1f s; metrics in %s%n", results.size(), (System.nanoTime() - t0) * 1e-9,
                cfg.sweep().rates().several() ? outDir.locate("lr-*/metrics.csv") : outDir.locate("metrics.csv"));
        for (RunOutputs o : outputs.values()) {
            try {
                System.out.println("wideneck: figures and report in " + Report.write(o.dir()));
                if (!cfg.sweep().rates().several()) System.out.print(Report.accelerationText(o.dir()));
            } catch (IOException | RuntimeException e) {
                System.err.println("wideneck: note: the report could not be drawn (" + e.getMessage()
                        + "); the metrics are written. Retry with submit/report " + o.dir().location());
            }
        }
        if (cfg.sweep().rates().several()) {
            try {
                RateSweepReport.Result s = RateSweepReport.write(outDir);
                System.out.print(s.text());
                System.out.println("wideneck: learning-rate summary in " + s.html());
            } catch (IOException | RuntimeException e) {
                System.err.println("wideneck: note: the learning-rate summary could not be written (" + e.getMessage()
                        + "). Retry with submit/report " + outDir.location());
            }
        }
        if (writeFailure.get() != null) {
            System.err.println("wideneck: error: the last write of the results failed (" + writeFailure.get() + "); free space and rerun, "
                    + "the files on disk hold the runs up to the last successful write");
            return ExitCode.RUNS_FAILED;
        }
        if (interruption.received() != null) {
            System.err.println("wideneck: interrupted (SIG" + interruption.received() + "): " + (results.size() - stopped) + " run(s) ended, "
                    + stopped + " stopped at their checkpoints; continue with --resume " + outDir.location());
            return Interruption.exitCode(interruption.received());
        }
        if (bad > 0) {
            System.err.println("wideneck: " + bad + " run(s) did not finish (see above and run.json); the others' results are written");
            return ExitCode.RUNS_FAILED;
        }
        return ExitCode.OK;
    }

    /** The output directory of one group of runs: outDir itself ("" group), or outDir/lr-μ. */
    static FileStore groupDir(FileStore outDir, String group) {
        return group.isEmpty() ? outDir : outDir.resolve(group);
    }

    static String summary(SparkSweep.Result r, boolean withRate) {
        String head = "[width=" + r.plan().widthLabel() + " seed=" + r.plan().replicate()
                + (withRate ? " lr=" + RunPlan.rateLabel(r.plan().train().learningRate()) : "") + "] ";
        if (r.failure() != null) return head + "FAILED: " + r.failure();
        RunOutcome o = r.outcome();
        if (o.interrupted()) return head + "interrupted after step " + o.stepsDone() + " (checkpointed; --resume continues it)";
        MetricPoint tr = null, te = null;
        for (MetricPoint p : o.metrics()) {
            if (p.split() == Split.TRAIN) tr = p;
            else te = p;
        }
        String status = o.diverged() == null ? "done" : "DIVERGED at " + o.diverged() + " (lower train.learning-rate)";
        String acc = te != null && !Double.isNaN(te.accuracy()) ? String.format(Locale.ROOT, ", test accuracy %.4f", te.accuracy()) : "";
        return head + String.format(Locale.ROOT, "%s: %d steps, train loss %.6g, test loss %.6g%s; %.1f s training, %.1f s evaluating",
                status, o.stepsDone(), tr == null ? Double.NaN : tr.loss(), te == null ? Double.NaN : te.loss(), acc,
                o.trainSeconds(), o.evalSeconds());
    }

}
