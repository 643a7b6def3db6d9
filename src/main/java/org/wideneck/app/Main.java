package org.wideneck.app;

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
import org.wideneck.spark.SparkContexts;

/**
 * The command line: {@code wideneck CONF [key=value ...]} runs the sweep a config describes on Spark and
 * writes {@code metrics.csv} and {@code run.json} to its output directory.
 *
 * <p>Exit status: 0 all runs finished; 2 bad input (one line on standard error); 3 some run diverged or
 * failed (the others' results are written); 1 an internal error (one line, details in error.log).
 */
public final class Main {
    static final int OK = 0, INTERNAL = 1, BAD_INPUT = 2, RUN_FAILED = 3;
    /** Held so the level set on it is not lost to garbage collection (JUL keeps loggers weakly). */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        NETLIB_LOG.setLevel(Level.SEVERE);
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: submit/local CONF [key=value ...]   (keys in HOCON path syntax, e.g. train.steps=500)");
            System.err.println("       submit/local --resume DIR [compute.*=... spark.*=...]   (continue an interrupted sweep)");
            return args.length == 0 ? BAD_INPUT : OK;
        }
        FileStore outDir = null;
        try {
            boolean resume = args[0].equals("--resume");
            if (resume && args.length < 2) throw new UserError("--resume needs the output directory of the sweep to continue");
            // resume.json is read with the Hadoop settings spark-submit gives (the stored config's come with it)
            ResumeFile.Stored stored = resume ? ResumeFile.read(FileStores.open(args[1], HadoopConf.of(Map.of()))) : null;
            WideneckConfig cfg = resume
                    ? ConfigLoader.loadStored(stored.name(), stored.config(), Arrays.asList(args).subList(2, args.length), args[1])
                    : ConfigLoader.load(args[0], Arrays.asList(args).subList(1, args.length));
            HadoopConf hadoop = HadoopConf.of(cfg.spark().conf());
            org.wideneck.core.kernel.SimdWarmup.inBackground(); // compiled during the data load and Spark's start
            if (debugHold() != null) {
                try {
                    org.wideneck.spark.FaultInjection.holdRuns(null, debugHold());
                } catch (IllegalArgumentException e) {
                    throw new UserError("WIDENECK_DEBUG_HOLD: " + e.getMessage());
                }
            }
            // every location is checked before data load and Spark start
            outDir = resume ? FileStores.open(args[1], hadoop) : outputDir(cfg, hadoop);
            if (resume) outDir.checkWritable("--resume");
            checkCheckpointDir(cfg.spark().checkpointDir());
            Map<String, Object> provenance = provenance(cfg, args, hadoop);
            if (resume) ResumeFile.checkInputs(stored, inputHashes(provenance));
            DataLoader.Prepared data = null;
            List<RunPlan> plans = null;
            if (cfg.data().source() != WideneckConfig.Source.SPARK) { // a Spark source is read once Spark runs
                data = DataLoader.prepare(cfg.data(), hadoop);
                plans = Planner.plans(cfg, data.problem(), hadoop);
            }
            return sweep(cfg, data, plans, outDir, provenance, resume, hadoop);
        } catch (UserError e) {
            System.err.println("wideneck: error: " + e.getMessage());
            return BAD_INPUT;
        } catch (Throwable t) {
            return internalError(t, outDir);
        }
    }

    /**
     * Reports an internal error in one line; the trace goes to the output directory's error.log if the run got
     * that far, else to a file of this run's own in the temp directory.
     */
    static int internalError(Throwable t, FileStore outDir) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String log = null;
        try {
            if (outDir != null && outDir.isDirectory("")) {
                outDir.writeString("error.log", sw.toString());
                log = outDir.locate("error.log");
            }
        } catch (IOException | RuntimeException ignored) {
            log = null;
        }
        if (log == null) {
            Path p = Path.of(System.getProperty("java.io.tmpdir"), "wideneck-error-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid() + ".log");
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, sw.toString());
                log = p.toString();
            } catch (IOException ignored) {
                log = null;
            }
        }
        System.err.println("wideneck: internal error: " + t + (log != null ? " (details in " + log + ")" : ""));
        return INTERNAL;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wideneck", version());
        m.put("commit", System.getProperty("wideneck.commit", "unknown"));
        m.put("command_line", String.join(" ", args));
        m.put("java", System.getProperty("java.version"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")");
        m.put("kernel_path", org.wideneck.core.kernel.KernelPath.best().name().toLowerCase(Locale.ROOT));
        Map<String, Object> files = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>(cfg.data().source() == WideneckConfig.Source.SPARK
                ? org.wideneck.app.data.SparkData.inputFiles(cfg.data().spark(), hadoop) : DataLoader.inputFiles(cfg.data(), hadoop));
        if (!cfg.init().npyDir().isEmpty()) inputs.addAll(org.wideneck.app.data.WeightsLoader.files(cfg.init().npyDir(), cfg.model().gDepth(), hadoop));
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
                data = org.wideneck.app.data.SparkData.prepare(session, cfg.data());
                plans = Planner.plans(cfg, data.problem(), hadoop);
            }
            Problem problem = data.problem();
            System.out.printf(Locale.ROOT, "wideneck: %s: %d train / %d test points, d0 = %d, dr = %d; %s widths %s × %d replicate(s); %d steps of batch %d, μ = %s%n",
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
    static org.wideneck.app.model.ModelFiles models(WideneckConfig cfg, DataLoader.Prepared data, FileStore outDir,
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
        return new org.wideneck.app.model.ModelFiles(outDir.resolve("models"),
                new org.wideneck.app.model.ModelInfo(p.d0(), p.dr(), data.transform(), labels, prov), sc.version());
    }

    private static int runAll(WideneckConfig cfg, Problem problem, List<RunPlan> plans, FileStore outDir, Map<String, Object> provenance,
                              boolean resume, JavaSparkContext sc, List<String> order, long t0, org.wideneck.app.model.ModelFiles models) {
        Map<String, Object> versions = new LinkedHashMap<>(provenance);
        versions.put("spark", sc.version());
        versions.put("spark_master", sc.master());
        versions.put("blas", Gemm.implementation());
        WideneckConfig.Mode mode = cfg.mode();
        versions.put("spark_mode", mode.name().toLowerCase(Locale.ROOT));
        System.out.printf(Locale.ROOT, "wideneck: %s (commit %s), Java %s, Spark %s on %s (%s mode), BLAS %s, %s kernels, %d thread(s) a run; %d input file(s), SHA-256 in run.json%n",
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
        java.util.concurrent.atomic.AtomicReference<String> writeFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<SparkSweep.Result> write = r -> {
            RunOutputs o = outputs.get(r.plan().group());
            System.out.println(summary(r, cfg.sweep().rates().several() || cfg.sweep().rates().givenPerWidth()));
            try {
                o.add(r.plan(), r.outcome(), r.failure()); // kept in memory even when the write fails; the next write retries all
                writeFailure.set(null);
                // its results are on disk: the run's checkpoints have served (a failed run keeps them, --resume retries it)
                if (r.outcome() != null) {
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
        if (cfg.failFirstAttempt()) org.wideneck.spark.FaultInjection.failFirstAttempts(sc);
        if (debugHold() != null) org.wideneck.spark.FaultInjection.holdRuns(sc, debugHold());
        if (!cfg.spark().checkpointDir().isEmpty()) sc.setCheckpointDir(cfg.spark().checkpointDir());
        List<SparkSweep.Result> results = mode == WideneckConfig.Mode.PARTITIONED
                ? PartitionedSweep.run(sc, problem, plans, write, stores, cfg.spark().trainPoints() == WideneckConfig.TrainPoints.BLOCKS, models)
                : SparkSweep.run(sc, problem, plans, write, stores, models);
        int bad = 0;
        for (SparkSweep.Result r : results) {
            if (r.failure() != null || r.outcome().diverged() != null) bad++;
        }
        System.out.printf(Locale.ROOT, "wideneck: %d run(s) in %.1f s; metrics in %s%n", results.size(), (System.nanoTime() - t0) * 1e-9,
                cfg.sweep().rates().several() ? outDir.locate("lr-*/metrics.csv") : outDir.locate("metrics.csv"));
        for (RunOutputs o : outputs.values()) {
            try {
                System.out.println("wideneck: figures and report in " + Report.write(o.dir()));
                if (!cfg.sweep().rates().several()) System.out.print(Report.accelerationText(o.dir()));
            } catch (IOException | RuntimeException e) {
                System.err.println("wideneck: note: the report could not be drawn (" + e.getMessage() + "); the metrics are written. Retry with submit/report " + o.dir().location());
            }
        }
        if (cfg.sweep().rates().several()) {
            try {
                RateSweepReport.Result s = RateSweepReport.write(outDir);
                System.out.print(s.text());
                System.out.println("wideneck: learning-rate summary in " + s.html());
            } catch (IOException | RuntimeException e) {
                System.err.println("wideneck: note: the learning-rate summary could not be written (" + e.getMessage() + "). Retry with submit/report " + outDir.location());
            }
        }
        if (writeFailure.get() != null) {
            System.err.println("wideneck: error: the last write of the results failed (" + writeFailure.get() + "); free space and rerun, "
                    + "the files on disk hold the runs up to the last successful write");
            return RUN_FAILED;
        }
        if (bad > 0) {
            System.err.println("wideneck: " + bad + " run(s) did not finish (see above and run.json); the others' results are written");
            return RUN_FAILED;
        }
        return OK;
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

    static String version() {
        Properties p = new Properties();
        try (var in = Main.class.getResourceAsStream("/wideneck.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // provenance only
        }
        return p.getProperty("version", "unknown");
    }
}
