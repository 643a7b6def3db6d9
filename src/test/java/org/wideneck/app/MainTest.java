package org.wideneck.app;

import org.wideneck.app.sweep.Planner;
import org.wideneck.app.predict.Predict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.data.Npy;
import org.wideneck.app.report.RunOutputs;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.app.cli.Provenance;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.report.Merge;
import org.wideneck.core.init.NetworkWeights;

/** The command line end to end: bad input gets one line and exit 2; a sweep on local Spark matches the core. */
class MainTest {
    @TempDir
    Path tmp;

    private StdErr run(String... args) {
        return StdErr.of(() -> Main.run(args));
    }

    /** Rows of a metrics.csv without wall_seconds (the only column that may differ between equal runs). */
    private static List<String> withoutWall(Path csv) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) rows.add(String.join(",", Arrays.copyOf(line.split(","), 6)));
        return rows;
    }

    /** Runs config c into out with extra arguments, expecting success; its metrics without wall_seconds. */
    private List<String> runMetrics(Path c, Path out, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(c.toString(), "output.dir=" + out));
        args.addAll(List.of(extra));
        StdErr r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return withoutWall(out.resolve("metrics.csv"));
    }

    private Path conf(String name, String text) throws IOException {
        Path p = tmp.resolve(name + ".conf");
        Files.writeString(p, text + "\noutput.dir = \"" + tmp.resolve("out-" + name) + "\"\n");
        return p;
    }

    private void assertBadInput(String expected, String... args) {
        StdErr r = run(args);
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line: " + r.err());
        assertTrue(lines[0].startsWith("wideneck: error: "), r.err());
        assertTrue(lines[0].contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    static final String SMALL = "data.synthetic { train-size = 60, test-size = 30, input-dim = 5, features = 500 }\n" + MainTest.MODEL;
    /** SMALL without its data: for npy sources. */
    static final String MODEL = "model.widths = [inf, 8, 3]\ninit { width = 400, inf-width = 200 }\n"
            + "train { steps = 40, eval-every = 10, learning-rate = 1.0, batch-size = 10 }\nspark.master = \"local[2]\"";

    @Test
    void badInputGetsOneLineAndExitTwo() throws IOException {
        assertBadInput("does not exist", tmp.resolve("missing.conf").toString());
        Path c = conf("ok", SMALL);
        assertBadInput("unknown key 'train.learning_rate'", c.toString(), "train.learning_rate=1");
        assertBadInput("model.widths", c.toString(), "model.widths=[inf, 0]");
        assertBadInput("train.learning-rate = -0.5", c.toString(), "train.learning-rate=-0.5");
        assertBadInput("exceeds the 60 training points", c.toString(), "train.batch-size=100");
        assertBadInput("init.npy-dir", c.toString(), "init.npy-dir=" + tmp.resolve("nodir"));

        // npy data: missing file, wrong shape, NaN
        Npy.writeFloat64(tmp.resolve("x.npy"), new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Npy.writeFloat64(tmp.resolve("y.npy"), new double[] {1, 0, 1}, 3, 1);
        Npy.writeFloat64(tmp.resolve("flat.npy"), new double[] {1, 2, 3}, 3);
        Npy.writeFloat64(tmp.resolve("nan.npy"), new double[] {1, Double.NaN, 3, 4, 5, 6}, 3, 2);
        String npy = MODEL + "\ndata { source = npy, npy { train-x = \"" + tmp.resolve("x.npy") + "\", train-y = \"" + tmp.resolve("y.npy")
                + "\", test-x = \"" + tmp.resolve("x.npy") + "\", test-y = \"" + tmp.resolve("y.npy") + "\" } }\ntrain.batch-size = 3";
        Path n = conf("npy", npy);
        assertBadInput("does not exist", n.toString(), "data.npy.train-x=" + tmp.resolve("gone.npy"));
        assertBadInput("has shape (3,)", n.toString(), "data.npy.test-x=" + tmp.resolve("flat.npy"));
        assertBadInput("NaN", n.toString(), "data.npy.train-x=" + tmp.resolve("nan.npy"));

        // weights: wrong dtype and wrong shape
        Path w = tmp.resolve("w");
        Files.createDirectories(w);
        Npy.writeFloat32(w.resolve("W1.npy"), new double[10 * 2], 10, 2);
        Npy.writeFloat64(w.resolve("W2.npy"), new double[3 * 10], 3, 10);
        Npy.writeFloat64(w.resolve("U.npy"), new double[10 * 3], 10, 3);
        Npy.writeFloat64(w.resolve("V.npy"), new double[10], 1, 10);
        assertBadInput("float64", n.toString(), "init.npy-dir=" + w, "model.widths=[3]");
        Npy.writeFloat64(w.resolve("W1.npy"), new double[10 * 2], 10, 2);
        Npy.writeFloat64(w.resolve("U.npy"), new double[10 * 4], 10, 4);
        assertBadInput("U.npy' has shape (10, 4)", n.toString(), "init.npy-dir=" + w, "model.widths=[3]");
    }

    @Test
    void sweepOnLocalSparkWritesMetricsEqualToTheCore() throws IOException {
        Path c = conf("small", SMALL);
        Path out = tmp.resolve("out-small");
        StdErr r = run(c.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(RunOutputs.HEADER, lines.get(0));
        assertEquals(1 + 3 * 5 * 2, lines.size(), String.join("\n", lines));
        String json = Files.readString(out.resolve("run.json"));
        assertTrue(json.contains("\"status\" : \"ok\"") && json.contains("\"spark\"") && json.contains("\"train_seconds\""), json);
        // finite widths report their steps' seconds by part, which add up to no more than their training seconds
        int timed = 0;
        for (com.typesafe.config.Config run : com.typesafe.config.ConfigFactory.parseString(json).getConfigList("runs")) {
            if (run.getString("width").equals("inf")) continue;
            com.typesafe.config.Config parts = run.getConfig("step_seconds_by_part");
            double sum = 0;
            for (String k : List.of("g_update", "history", "initial_network", "bookkeeping")) sum += parts.getDouble(k);
            assertTrue(sum > 0 && sum <= run.getDouble("train_seconds"), run.root().render());
            timed++;
        }
        assertEquals(2, timed, json);

        // Every width trains, and the numbers equal the core's own run, bitwise.
        WideneckConfig cfg = ConfigLoader.load(c.toString(), List.of());
        Problem p = DataLoader.load(cfg.data());
        Map<String, List<String>> byWidth = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            byWidth.computeIfAbsent(line.split(",")[0], k -> new ArrayList<>()).add(line);
        }
        for (RunPlan plan : Planner.plans(cfg, p)) {
            RunOutcome o = RunExecutor.execute(plan, p, RunHooks.none());
            List<String> rows = byWidth.get(plan.widthLabel());
            assertEquals(o.metrics().size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                MetricPoint m = o.metrics().get(i);
                String[] f = rows.get(i).split(",");
                assertEquals(Integer.toString(m.step()), f[2]);
                assertEquals(m.split().label(), f[3]);
                assertEquals(m.loss(), Double.parseDouble(f[4]), 0.0, "width " + plan.widthLabel() + " row " + i);
                assertTrue(Double.isFinite(m.loss()));
            }
            double first = Double.parseDouble(rows.get(0).split(",")[4]);
            double last = Double.parseDouble(rows.get(rows.size() - 2).split(",")[4]);
            assertTrue(last < first, "train loss of width " + plan.widthLabel() + " went from " + first + " to " + last);
        }
        // The results are not overwritten by a second run into the same directory.
        assertBadInput("already holds results", c.toString());
    }

    /** From given .npy data and weights with full-batch steps, the losses depend on nothing else. */
    @Test
    void npyDataAndWeightsWithFullBatchAreFullyDetermined() throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int n = 16, d0 = 3, d = 2, dr = 2, h = 300;
        double[] x = new double[n * d0], xt = new double[6 * d0];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < xt.length; i++) xt[i] = r.nextGaussian();
        long[] y = new long[n], yt = new long[6];
        for (int i = 0; i < n; i++) y[i] = i % 2;
        for (int i = 0; i < 6; i++) yt[i] = i % 2;
        Npy.writeFloat32(tmp.resolve("x.npy"), x, n, d0);
        Npy.writeInt64(tmp.resolve("y.npy"), y, n);
        Npy.writeFloat64(tmp.resolve("xt.npy"), xt, 6, d0);
        Npy.writeInt64(tmp.resolve("yt.npy"), yt, 6);
        Path w = tmp.resolve("weights");
        Files.createDirectories(w);
        NetworkWeights nw = NetworkWeights.random(77, h, d0, d, dr);
        Npy.writeFloat64(w.resolve("W1.npy"), nw.w1(), h, d0);
        Npy.writeFloat64(w.resolve("W2.npy"), nw.gOut(), d, h);
        Npy.writeFloat64(w.resolve("U.npy"), nw.u(), h, d);
        Npy.writeFloat64(w.resolve("V.npy"), nw.v(), dr, h);
        String text = "data { source = npy, npy { train-x = \"" + tmp.resolve("x.npy") + "\", train-y = \"" + tmp.resolve("y.npy")
                + "\", test-x = \"" + tmp.resolve("xt.npy") + "\", test-y = \"" + tmp.resolve("yt.npy") + "\" } }\n"
                + "model.widths = [2]\ninit.npy-dir = \"" + w + "\"\ntrain { steps = 15, batch-size = full, learning-rate = 0.5, eval-every = 5 }\n"
                + "spark.master = \"local[1]\"";
        Path c = conf("npyrun", text);
        assertEquals(0, run(c.toString(), "train.seed=1", "output.dir=" + tmp.resolve("o1")).code());
        assertEquals(0, run(c.toString(), "train.seed=12345", "init.seed=99", "output.dir=" + tmp.resolve("o2")).code());
        List<String> a = Files.readAllLines(tmp.resolve("o1/metrics.csv")), b = Files.readAllLines(tmp.resolve("o2/metrics.csv"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            String[] fa = a.get(i).split(","), fb = b.get(i).split(",");
            assertEquals(fa[4], fb[4], "loss of row " + i);
            assertEquals(fa[5], fb[5], "accuracy of row " + i);
        }
        assertEquals(1 + 4 * 2, a.size());
        assertTrue(!a.get(1).split(",")[5].isEmpty(), "classification rows carry an accuracy");
    }

    /**
     * The same config gives the same metrics, bitwise, in local[1], local[4] and with every task failing
     * once and being retried by Spark (local[2,2]: two threads, two attempts per task).
     */
    @Test
    void localOneLocalFourAndRetriedTasksGiveIdenticalMetrics() throws IOException {
        Path c = conf("same", SMALL);
        String[][] variants = {{"spark.master=\"local[1]\""}, {"spark.master=\"local[4]\""},
                {"spark.master=\"local[2,2]\"", "debug.fail-first-attempt=true"}};
        List<String> first = runMetrics(c, tmp.resolve("same-0"), variants[0]);
        for (int v = 1; v < variants.length; v++) {
            assertEquals(first, runMetrics(c, tmp.resolve("same-" + v), variants[v]), "variant " + String.join(" ", variants[v]));
        }
        // the injection is real: without retries (local[2] allows one attempt) every run fails, reported, exit 3
        StdErr noRetry = run(c.toString(), "output.dir=" + tmp.resolve("same-noretry"), "spark.master=\"local[2]\"",
                "debug.fail-first-attempt=true");
        assertEquals(3, noRetry.code(), noRetry.err());
        assertTrue(Files.readString(tmp.resolve("same-noretry/run.json")).contains("injected failure"));
    }

    /**
     * spark.mode = partitioned (driver steps, executors evaluate blocks of points against broadcast history
     * increments) gives the sweep's metrics bitwise: with test and training points in several blocks, in
     * local[1] and local[4], through a lineage cut (local and reliable checkpoints), and with every
     * evaluation task failing once and being retried.
     */
    @Test
    void partitionedEvaluationGivesTheSweepsMetricsBitwise() throws IOException {
        Path c = conf("blocks", "data.synthetic { train-size = 1300, test-size = 2100, input-dim = 4, features = 200 }\n"
                + "model.widths = [inf, 5]\ninit { width = 300, inf-width = 100 }\n"
                + "train { steps = 36, eval-every = 5, learning-rate = 1.0, batch-size = 7, eval-train-size = 1100 }\n"
                + "spark.master = \"local[2]\"");
        String[][] variants = {{"spark.mode=sweep"}, {"spark.mode=partitioned", "spark.master=\"local[1]\""},
                {"spark.mode=partitioned", "spark.master=\"local[4]\"", "spark.checkpoint-dir=\"" + tmp.resolve("ckpt") + "\""},
                {"spark.mode=partitioned", "spark.master=\"local[2,2]\"", "debug.fail-first-attempt=true"},
                {"spark.mode=partitioned", "train.eval-train-size=0"}};
        List<String> first = null;
        for (int v = 0; v < variants.length; v++) {
            boolean wholeTrain = v == variants.length - 1; // its train rows are over all points: other numbers
            List<String> rows = runMetrics(c, tmp.resolve("blocks-" + v), variants[v]).stream()
                    .filter(l -> !(wholeTrain && l.contains(",train,"))).toList();
            String json = Files.readString(tmp.resolve("blocks-" + v + "/run.json"));
            assertTrue(json.contains("\"spark_mode\" : \"" + variants[v][0].substring("spark.mode=".length()) + "\""));
            assertTrue(json.contains("\"step_seconds_by_part\""), json); // the width-5 run's, from the driver's simulator
            assertEquals(1 + 2 * 9 * 2 - (wholeTrain ? 2 * 9 : 0), rows.size());
            if (first == null) first = rows;
            else if (!wholeTrain) assertEquals(first, rows, "variant " + String.join(" ", variants[v]));
            else assertEquals(first.stream().filter(l -> !l.contains(",train,")).toList(), rows, "variant " + String.join(" ", variants[v]));
        }
    }

    /**
     * spark.train-points = blocks: the training points' state in RDD blocks (one job per deferred-update
     * period, lineage cut every 20 applications) gives today's metrics bitwise — with local and reliable
     * lineage cuts, retried tasks, and checkpoints of the run collected from the blocks; and it is refused
     * where it would be ignored (sweep mode).
     */
    @Test
    void trainingPointsInRddBlocksGiveTheDriversMetricsBitwise() throws IOException {
        // B = 40 of 600 points: the updates are applied every 6 steps, 25 times in 150 steps (plus at evaluations)
        Path c = conf("trainblocks", "data.synthetic { train-size = 600, test-size = 300, input-dim = 4, features = 200 }\n"
                + "model.widths = [6]\ninit { width = 300, inf-width = 100 }\n"
                + "train { steps = 150, eval-every = 50, learning-rate = 0.5, batch-size = 40, eval-train-size = 250 }\n"
                + "spark { master = \"local[2]\", mode = partitioned }");
        List<String> driver = runMetrics(c, tmp.resolve("tb-driver"));
        assertEquals(driver, runMetrics(c, tmp.resolve("tb-blocks"), "spark.train-points=blocks", "train.checkpoint-every=40"));
        assertEquals(driver, runMetrics(c, tmp.resolve("tb-reliable"), "spark.train-points=blocks", "spark.master=\"local[3]\"",
                "spark.checkpoint-dir=\"" + tmp.resolve("tb-ckpt") + "\""));
        assertEquals(driver, runMetrics(c, tmp.resolve("tb-retried"), "spark.train-points=blocks", "spark.master=\"local[2,2]\"",
                "debug.fail-first-attempt=true"));
        assertEquals(runMetrics(c, tmp.resolve("tb-inf-driver"), "model.widths=[inf]"),
                runMetrics(c, tmp.resolve("tb-inf"), "spark.train-points=blocks", "model.widths=[inf]"), "inf");
        assertBadInput("spark.train-points", c.toString(), "spark.train-points=blocks", "spark.mode=sweep", "output.dir=" + tmp.resolve("tb-no"));
    }

    /** sweep.learning-rates: one output directory per μ, each a complete run directory; μ = 1 equals a plain μ = 1 run. */
    @Test
    void learningRateSweepWritesOneDirectoryPerRate() throws IOException {
        Path c = conf("rates", SMALL);
        assertBadInput("'-2' is not a positive number", c.toString(), "sweep.learning-rates=[1, -2]");
        List<String> plain = runMetrics(c, tmp.resolve("plain"));
        StdErr r = run(c.toString(), "output.dir=" + tmp.resolve("rates"), "sweep.learning-rates=[0.5, 1]");
        assertEquals(0, r.code(), r.err());
        List<String> one = withoutWall(tmp.resolve("rates/lr-1/metrics.csv"));
        List<String> half = withoutWall(tmp.resolve("rates/lr-0.5/metrics.csv"));
        assertEquals(Files.readAllLines(tmp.resolve("rates/lr-0.5/metrics.csv")).get(0), RunOutputs.HEADER);
        assertEquals(plain.size(), half.size());
        assertEquals(plain, one);
        assertTrue(!half.get(5).equals(one.get(5)), "μ = 0.5 trains differently");
        assertTrue(Files.readString(tmp.resolve("rates/lr-0.5/run.json")).contains("\"learning_rate\" : 0.5"));
        assertTrue(Files.exists(tmp.resolve("rates/lr-0.5/report.html")));
        assertBadInput("already holds results", c.toString(), "output.dir=" + tmp.resolve("rates"), "sweep.learning-rates=[0.5, 1]");
    }

    /**
     * A width → μ map runs each width at its own μ; a width whose loss grows a million-fold is stopped as
     * diverged (exit 3) while the others finish and are written, with the acceleration table beside them.
     */
    @Test
    void perWidthRatesAndADivergingWidthThatIsStoppedWhileTheOthersFinish() throws IOException {
        Path c = conf("perwidth", SMALL);
        assertBadInput("names no learning rate for width 3", c.toString(), "train.learning-rate={inf: 1, \"8\": 1}");
        assertBadInput("'x' is not a width", c.toString(), "train.learning-rate={inf: 1, \"8\": 1, \"3\": 1, x: 1}");
        assertBadInput("'-1' for width 8", c.toString(), "train.learning-rate={inf: 1, \"8\": -1, \"3\": 1}");
        assertBadInput("cannot be combined", c.toString(), "train.learning-rate={inf: 1, \"8\": 1, \"3\": 1}", "sweep.learning-rates=[1, 2]");
        assertBadInput("train.divergence-factor = 1 ", c.toString(), "train.divergence-factor=1");
        Path out = tmp.resolve("perwidth");
        // inf at μ = 1e6 grows a million-fold within a step or two; the finite widths train at μ = 1
        StdErr r = run(c.toString(), "output.dir=" + out, "train.learning-rate={inf: 1e6, \"8\": 1, \"3\": 0.5}");
        assertEquals(3, r.code(), r.err());
        String json = Files.readString(out.resolve("run.json"));
        assertTrue(json.contains("\"status\" : \"diverged at step"), json);
        assertTrue(json.contains("more than 100 ×"), json);
        assertTrue(json.contains("\"learning_rate\" : 1000000"), json);
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        long finite8 = metrics.stream().filter(l -> l.startsWith("8,1,40,")).count();
        long finite3 = metrics.stream().filter(l -> l.startsWith("3,1,40,")).count();
        assertEquals(2, finite8, "width 8 ran to the end");
        assertEquals(2, finite3, "width 3 ran to the end");
        assertTrue(metrics.stream().noneMatch(l -> l.startsWith("inf,1,40,")), "inf stopped early");
        // same finite-width metrics as a run of those widths alone at those rates
        List<String> alone8 = runMetrics(c, tmp.resolve("alone8"), "model.widths=[8]", "train.learning-rate=1");
        for (String row : alone8.subList(1, alone8.size())) assertTrue(withoutWall(out.resolve("metrics.csv")).contains(row), row);
        assertTrue(Files.exists(out.resolve("acceleration.csv")));
    }

    /** assertBadInput, and the run's output directory was not created. */
    private void assertRefused(String expected, Path out, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = "output.dir=" + out;
        assertBadInput(expected, all);
        assertFalse(Files.exists(out), "a refused run wrote " + out);
    }

    /** Each class of bad input the issue lists: exit 2, one line naming key or file and value, nothing written. */
    @Test
    void everyClassOfBadInputIsRefusedWithOneLineAndNothingWritten() throws IOException {
        Path c = conf("bad", SMALL);
        Path out = tmp.resolve("never");
        // silently coerced or ignored
        assertRefused("init.seed = 1.5", out, c.toString(), "init.seed=1.5");
        assertRefused("train.seed = 2.5", out, c.toString(), "train.seed=2.5");
        assertRefused("data.seed = \"x\"", out, c.toString(), "data.seed=x");
        assertRefused("data.train-size = 10", out, c.toString(), "data.train-size=10");
        assertRefused("data.classes = [0,1]", out, c.toString(), "data.classes=[0, 1]");
        assertRefused("data.npy.train-x", out, c.toString(), "data.npy.train-x=/tmp/x.npy");
        assertRefused("data.dir = \"/somewhere\"", out, c.toString(), "data.dir=/somewhere");
        // impossible data: zero target columns, a class that is not there, a subset larger than the data
        Npy.writeFloat64(tmp.resolve("x.npy"), new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
        Npy.writeFloat64(tmp.resolve("y0.npy"), new double[0], 4, 0);
        Npy.writeInt64(tmp.resolve("l.npy"), new long[] {0, 1, 0, 1}, 4);
        Npy.writeFloat64(tmp.resolve("y2.npy"), new double[] {1, 0, 0, 1, 1, 0, 0, 1}, 4, 2);
        String npy = MODEL + "\ndata { source = npy, npy { train-x = \"" + tmp.resolve("x.npy") + "\", test-x = \"" + tmp.resolve("x.npy")
                + "\", train-y = \"" + tmp.resolve("l.npy") + "\", test-y = \"" + tmp.resolve("l.npy") + "\" } }\ntrain.batch-size = 2";
        Path n = conf("badnpy", npy);
        assertRefused("no target columns", out, n.toString(), "data.npy.train-y=" + tmp.resolve("y0.npy"), "data.npy.test-y=" + tmp.resolve("y0.npy"));
        assertRefused("class 7 has no train points", out, n.toString(), "data.classes=[1, 7]");
        assertRefused("needs class labels", out, n.toString(), "data.classes=[0, 1]", "data.npy.train-y=" + tmp.resolve("y2.npy"),
                "data.npy.test-y=" + tmp.resolve("y2.npy"));
        assertRefused("data.train-size = 9 but only 4 train points", out, n.toString(), "data.train-size=9");
        // user mistakes that used to be internal errors
        byte[] npyBytes = Files.readAllBytes(tmp.resolve("x.npy"));
        String header = new String(npyBytes, 10, npyBytes.length - 10, StandardCharsets.ISO_8859_1);
        Files.write(tmp.resolve("badshape.npy"), replaceHeader(npyBytes, header.replace("(4, 2)", "(a, 2)")));
        Files.write(tmp.resolve("baddtype.npy"), replaceHeader(npyBytes, header.replace("'<f8'", "'<fx'")));
        assertRefused("shape (a, 2) is not a tuple of integers", out, n.toString(), "data.npy.train-x=" + tmp.resolve("badshape.npy"));
        assertRefused("dtype '<fx' has no item size", out, n.toString(), "data.npy.train-x=" + tmp.resolve("baddtype.npy"));
        assertRefused("spark.master = \"lokal[2]\"", out, c.toString(), "spark.master=\"lokal[2]\"");
        assertRefused("spark.conf = 3", out, c.toString(), "spark.conf=3");
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        assertRefused("spark.checkpoint-dir", out, c.toString(), "spark.checkpoint-dir=" + file);
        assertBadInput("lies below '" + file + "', which is a file", c.toString(), "output.dir=" + file.resolve("sub/dir"));
        assertBadInput("is a file, not a directory", c.toString(), "output.dir=" + file);
        // a learning-rate sweep refused for lr-2's results writes nothing for lr-1
        Path rates = tmp.resolve("rates");
        Files.createDirectories(rates.resolve("lr-2"));
        Files.writeString(rates.resolve("lr-2/metrics.csv"), RunOutputs.HEADER + "\n");
        assertBadInput("already holds results", c.toString(), "output.dir=" + rates, "sweep.learning-rates=[1, 2]");
        assertFalse(Files.exists(rates.resolve("lr-1")), "lr-1 was created for a refused sweep");
        // Spark refusing its settings is one line too, and leaves nothing
        assertRefused("Spark did not start", out, c.toString(), "spark.conf.\"spark.task.cpus\"=4", "spark.master=\"local[2]\"");
    }

    /** The same .npy with another header text (padded to the original length). */
    private static byte[] replaceHeader(byte[] npy, String newRest) {
        byte[] r = newRest.getBytes(StandardCharsets.ISO_8859_1);
        byte[] outBytes = Arrays.copyOf(npy, npy.length);
        System.arraycopy(r, 0, outBytes, 10, Math.min(r.length, npy.length - 10));
        return outBytes;
    }

    /** A results file that cannot be written is reported; every run still finishes and the other files are written. */
    @Test
    void aFailingWriteDoesNotAbortTheOtherRuns() throws IOException {
        Path c = conf("diskfull", SMALL);
        Path out = tmp.resolve("diskfull");
        Files.createDirectories(out.resolve("metrics.csv.tmp")); // the temp file of metrics.csv cannot be created (nor removed)
        Files.writeString(out.resolve("metrics.csv.tmp/keep"), "");
        StdErr r = run(c.toString(), "output.dir=" + out);
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("the results could not be written"), r.err());
        String json = Files.readString(out.resolve("run.json"));
        for (String w : new String[] {"\"inf\"", "\"8\"", "\"3\""}) assertTrue(json.contains("\"width\" : " + w), "run.json lists " + w);
        assertFalse(Files.exists(out.resolve("metrics.csv")), "no half-written metrics.csv");
        assertTrue(Files.exists(out.resolve("features.csv")));
    }

    /** Widths run in separate invocations and merged give the rows of one sweep; other settings or a repeated run are refused. */
    @Test
    void mergedDirectoriesEqualOneSweep() throws IOException {
        Path c = conf("merge", SMALL);
        List<String> whole = runMetrics(c, tmp.resolve("whole"));
        runMetrics(c, tmp.resolve("part-a"), "model.widths=[inf, 3]");
        runMetrics(c, tmp.resolve("part-b"), "model.widths=[8]");
        Merge.merge(FileStores.local(tmp.resolve("merged")), List.of(FileStores.local(tmp.resolve("part-a")),
                FileStores.local(tmp.resolve("part-b"))), Provenance.of("test", new String[0]));
        assertEquals(whole, withoutWall(tmp.resolve("merged/metrics.csv")));
        assertTrue(Files.exists(tmp.resolve("merged/acceleration.csv")) && Files.exists(tmp.resolve("merged/features.csv")));
        runMetrics(c, tmp.resolve("part-c"), "model.widths=[8]", "train.learning-rate=0.5");
        UserError other = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> Merge.merge(FileStores.local(tmp.resolve("m2")), List.of(FileStores.local(tmp.resolve("part-a")),
                        FileStores.local(tmp.resolve("part-c"))), Provenance.of("test", new String[0])));
        assertTrue(other.getMessage().contains("train.learning-rate = 0.5"), other.getMessage());
        UserError twice = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> Merge.merge(FileStores.local(tmp.resolve("m3")), List.of(FileStores.local(tmp.resolve("part-a")),
                        FileStores.local(tmp.resolve("whole"))), Provenance.of("test", new String[0])));
        assertTrue(twice.getMessage().contains("appears in both"), twice.getMessage());
    }

    /**
     * --resume keeps the runs a sweep finished, runs the others (from their checkpoints when they have
     * them — the kill -9 case is ResumeIT), and ends with the rows of one uninterrupted sweep; what it
     * cannot resume is refused in one line.
     */
    @Test
    void resumeKeepsFinishedRunsRunsTheRestAndRefusesWhatItCannot() throws IOException {
        Path c = conf("resume", SMALL);
        List<String> whole = runMetrics(c, tmp.resolve("whole"), "train.checkpoint-every=7");
        Path dir = tmp.resolve("whole");
        assertTrue(Files.exists(dir.resolve("resume.json")));
        assertFalse(Files.exists(dir.resolve("checkpoints")), "a finished run's checkpoints are removed");
        // as after a crash once width 8 had finished: run.json lists only its run, metrics.csv only its rows
        String json = Files.readString(dir.resolve("run.json"));
        Map<String, Object> root = new HashMap<>(com.typesafe.config.ConfigFactory.parseString(json).root().unwrapped());
        List<?> runs = (List<?>) root.get("runs");
        root.put("runs", runs.stream().filter(o -> ((Map<?, ?>) o).get("width").equals("8")).toList());
        Files.writeString(dir.resolve("run.json"), com.typesafe.config.ConfigValueFactory.fromMap(root)
                .render(com.typesafe.config.ConfigRenderOptions.concise().setJson(true)));
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        Files.write(dir.resolve("metrics.csv"), csv.stream().filter(l -> l.startsWith("width") || l.startsWith("8,")).toList());
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        StdErr r;
        try {
            r = run("--resume", dir.toString(), "compute.threads=1");
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 of 3 run(s) finished before; 2 to go"), out.toString(StandardCharsets.UTF_8));
        assertEquals(whole, withoutWall(dir.resolve("metrics.csv")));
        assertEquals(3, ((List<?>) com.typesafe.config.ConfigFactory.parseFile(dir.resolve("run.json").toFile()).root().unwrapped().get("runs")).size());
        // refused: no directory, not a sweep's directory, settings the rows depend on, changed inputs
        assertBadInput("--resume needs the output directory", "--resume");
        assertBadInput("is not a directory", "--resume", tmp.resolve("nowhere").toString());
        assertBadInput("holds no resume.json", "--resume", tmp.toString());
        assertBadInput("only compute.* and spark.* may be given, not 'train.steps=80'", "--resume", dir.toString(), "train.steps=80");
        Npy.writeFloat64(tmp.resolve("rx.npy"), new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
        Npy.writeInt64(tmp.resolve("rl.npy"), new long[] {0, 1, 0, 1}, 4);
        Path n = conf("resumenpy", "data { source = npy, npy { train-x = \"" + tmp.resolve("rx.npy") + "\", test-x = \"" + tmp.resolve("rx.npy")
                + "\", train-y = \"" + tmp.resolve("rl.npy") + "\", test-y = \"" + tmp.resolve("rl.npy") + "\" } }\nmodel.widths = [2]\n"
                + "init { width = 50, inf-width = 50 }\ntrain { steps = 4, eval-every = 2, batch-size = 2, learning-rate = 0.1 }\nspark.master = \"local[1]\"");
        runMetrics(n, tmp.resolve("npyout"));
        Npy.writeFloat64(tmp.resolve("rx.npy"), new double[] {1, 2, 3, 4, 5, 6, 7, 9}, 4, 2);
        assertBadInput("rx.npy' changed since the sweep started", "--resume", tmp.resolve("npyout").toString());
    }
}
