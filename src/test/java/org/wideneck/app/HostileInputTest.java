package org.wideneck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.predict.Predict;
import org.wideneck.app.report.MergeCommand;
import org.wideneck.app.report.ReportCommand;
import org.wideneck.app.data.Npy;

/**
 * The entry points other than a plain sweep, given what a careless or hostile user gives them: sizes that cannot fit,
 * an output directory holding an interrupted sweep, a resume whose input set changed, an edited model description, an
 * OUT another command holds, a LibSVM token that is not a number, a truncated or non-finite metrics file — each one
 * line naming the problem, exit 2, nothing written.
 */
class HostileInputTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    static Path sweep;

    static final String TINY = "data.synthetic { train-size = 60, test-size = 30, input-dim = 5, features = 300 }\n"
            + "model.widths = [inf, 4]\ninit { width = 200, inf-width = 100 }\n"
            + "train { steps = 20, eval-every = 10, learning-rate = 1.0, batch-size = 10 }\nspark.master = \"local[2]\"\n";

    /** One finished sweep with saved models, shared by the cases that need its outputs. */
    @BeforeAll
    static void aFinishedSweep() throws IOException {
        Path c = shared.resolve("tiny.conf");
        Files.writeString(c, TINY);
        sweep = shared.resolve("sweep");
        StdErr r = StdErr.of(() -> Main.run(new String[] {c.toString(), "output.dir=" + sweep, "output.model=true"}));
        assertEquals(0, r.code(), r.err());
    }

    /** Exit 2 and exactly one line naming the problem, with no trace. */
    static void refused(String expected, IntSupplier command) {
        StdErr r = StdErr.of(command);
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line: " + r.err());
        assertTrue(lines[0].startsWith("wideneck: error: ") && lines[0].contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    Path conf() throws IOException {
        Path c = tmp.resolve("tiny.conf");
        Files.writeString(c, TINY);
        return c;
    }

    @Test
    void sizesThatCannotFitAreRefusedBeforeSparkStarts() throws IOException {
        Path c = conf(), out = tmp.resolve("out");
        refused("memory: the sweep needs about", () -> Main.run(new String[] {c.toString(), "output.dir=" + out, "init.width=100000000"}));
        refused("more than one Java array holds", () -> Main.run(new String[] {c.toString(), "output.dir=" + out, "model.widths=[20000000]"}));
        refused("lower train.steps", () -> Main.run(new String[] {c.toString(), "output.dir=" + out, "train.steps=1000000000"}));
        assertFalse(Files.exists(out), "nothing written for a refused run");
    }

    @Test
    void anOutputDirectoryHoldingAnInterruptedSweepIsRefusedNamingResume() throws IOException {
        Path c = conf(), out = tmp.resolve("killed");
        Files.createDirectories(out.resolve("checkpoints"));
        Files.copy(sweep.resolve("resume.json"), out.resolve("resume.json"));
        refused("--resume " + out, () -> Main.run(new String[] {c.toString(), "output.dir=" + out}));
        assertTrue(Files.exists(out.resolve("resume.json")) && Files.isDirectory(out.resolve("checkpoints")), "the interrupted sweep is kept");
    }

    @Test
    void aResumeWhoseSparkSourceGainedAFileIsRefused() throws IOException {
        Path train = Files.createDirectories(tmp.resolve("train")), test = Files.createDirectories(tmp.resolve("test"));
        for (Path dir : new Path[] {train, test}) {
            for (int part = 0; part < 2; part++) {
                StringBuilder sb = new StringBuilder("a,b,c,label\n");
                java.util.SplittableRandom r = new java.util.SplittableRandom(part + dir.hashCode());
                for (int i = 0; i < 20; i++) sb.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append(',').append(r.nextGaussian())
                        .append(',').append(r.nextGaussian()).append('\n');
                Files.writeString(dir.resolve("part-" + part + ".csv"), sb.toString());
            }
        }
        Path c = tmp.resolve("csv.conf"), out = tmp.resolve("csv-out");
        Files.writeString(c, "data { source = spark, spark { format = csv, train-path = \"" + train + "\", test-path = \"" + test
                + "\", features-col = \"*\", label-type = target, options { header = true, inferSchema = true } } }\n"
                + "model.widths = [4]\ninit.width = 100\ntrain { steps = 4, eval-every = 2, learning-rate = 0.5 }\nspark.master = \"local[2]\"\n");
        StdErr first = StdErr.of(() -> Main.run(new String[] {c.toString(), "output.dir=" + out}));
        assertEquals(0, first.code(), first.err());
        Files.copy(train.resolve("part-0.csv"), train.resolve("part-2.csv"));
        refused("was not there when the sweep started", () -> Main.run(new String[] {"--resume", out.toString()}));
        Files.delete(train.resolve("part-2.csv"));
        Files.delete(train.resolve("part-1.csv"));
        refused("is missing", () -> Main.run(new String[] {"--resume", out.toString()}));
    }

    @Test
    void badValuesOfTheModelFamilysKeysAreRefusedAndNothingIsWritten() throws IOException {
        Path c = conf(), out = tmp.resolve("family");
        String[][] cases = {{"model.activation = \"tanh\"", "model.activation=tanh"}, {"model.g-depth = 0", "model.g-depth=0"},
                {"model.g-depth = 17", "model.g-depth=17"}, {"train.momentum = 1", "train.momentum=1"},
                {"train.momentum = -0.1", "train.momentum=-0.1"}, {"train.momentum = \"NaN\"", "train.momentum=NaN"},
                {"train.loss = \"hinge\"", "train.loss=hinge"},
                {"train.loss = cross-entropy cannot train on these targets", "train.loss=cross-entropy"}};
        for (String[] k : cases) {
            refused(k[0], () -> Main.run(new String[] {c.toString(), "output.dir=" + out, k[1]}));
            assertFalse(Files.exists(out), k[1] + ": nothing written");
        }
        // imported weights for L = 2: W3.npy missing, then a hidden layer of the wrong shape
        Path w = Files.createDirectories(tmp.resolve("weights"));
        int n = 50, d0 = 5, d = 4;
        Npy.writeFloat64(w.resolve("W1.npy"), new double[n * d0], n, d0);
        Npy.writeFloat64(w.resolve("W2.npy"), new double[n * n], n, n);
        Npy.writeFloat64(w.resolve("U.npy"), new double[n * d], n, d);
        Npy.writeFloat64(w.resolve("V.npy"), new double[n], 1, n);
        String[] args = {c.toString(), "output.dir=" + out, "model.g-depth=2", "init.npy-dir=" + w, "model.widths=[4]"};
        refused("W3.npy", () -> Main.run(args));
        Npy.writeFloat64(w.resolve("W3.npy"), new double[d * n], d, n);
        Npy.writeFloat64(w.resolve("W2.npy"), new double[n * (n - 1)], n, n - 1);
        refused("W2.npy' has shape (50, 49)", () -> Main.run(args));
        assertFalse(Files.exists(out), "nothing written");
    }

    static Path model() throws IOException {
        try (var s = Files.list(sweep.resolve("models"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith("inf")).findFirst().orElseThrow();
        }
    }

    Path points() throws IOException {
        Path x = tmp.resolve("x.npy");
        Npy.writeFloat64(x, new double[6 * 5], 6, 5);
        return x;
    }

    @Test
    void anEditedModelDescriptionIsRefusedAndNothingIsWritten() throws IOException {
        Path x = points();
        String[][] edits = {{"\"standardize\" : \"none\"", "\"standardize\" : \"zscore\"", "is not none, feature or global"},
                {"\"mean\" : []", "\"mean\" : [0.0, 1.0, 2.0]", "needs 0 mean and sd values"}};
        for (String[] e : edits) {
            Path m = tmp.resolve("model-" + e[2].length());
            copyTree(model(), m);
            String json = Files.readString(m.resolve("model.json"));
            assertTrue(json.contains(e[0]), json);
            Files.writeString(m.resolve("model.json"), json.replace(e[0], e[1]));
            Path out = tmp.resolve("pred-" + e[2].length());
            refused(e[2], () -> Predict.run(new String[] {m.toString(), x.toString(), out.toString()}));
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void anOutHeldByAnotherCommandIsRefusedAndLeftAsItWas() throws Exception {
        Path x = points(), out = tmp.resolve("held"), m = model();
        FileStore dir = FileStores.local(out);
        try (FileStore.Lock lock = dir.lock()) {
            refused("in use by another wideneck command", () -> Predict.run(new String[] {m.toString(), x.toString(), out.toString()}));
        }
        try (var s = Files.list(out)) {
            assertEquals(List.of(".wideneck.lock"), s.map(p -> p.getFileName().toString()).toList(), "OUT left as it was");
        }
        StdErr ok = StdErr.of(() -> Predict.run(new String[] {m.toString(), x.toString(), out.toString()}));
        assertEquals(0, ok.code(), ok.err());
        refused("already holds predictions", () -> Predict.run(new String[] {m.toString(), x.toString(), out.toString()}));
    }

    @Test
    void aLibsvmTokenThatIsNotANumberIsOneLine() throws IOException {
        StringBuilder good = new StringBuilder(), bad = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String row = (i % 2) + " 1:0.5 2:" + (i * 0.1) + " 3:-0.25\n";
            good.append(row);
            bad.append(i == 17 ? "1 1:0.5 2:nan 3:0.1\n" : row);
        }
        Path train = Files.writeString(tmp.resolve("train.libsvm"), bad.toString()), test = Files.writeString(tmp.resolve("test.libsvm"), good.toString());
        Path c = tmp.resolve("svm.conf"), out = tmp.resolve("svm-out");
        Files.writeString(c, "data { source = spark, spark { format = libsvm, train-path = \"" + train + "\", test-path = \"" + test + "\" } }\n"
                + "model.widths = [4]\ninit.width = 100\ntrain { steps = 4, eval-every = 2 }\nspark.master = \"local[2]\"\n");
        refused("a value is not a number", () -> Main.run(new String[] {c.toString(), "output.dir=" + out}));
        assertFalse(Files.exists(out.resolve("run.json")), "nothing written");
    }

    @Test
    void mergeAndReportRefuseDamagedMetricsWithoutWritingAnything() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        copyTree(sweep, a);
        copyTree(sweep, b);
        String csv = Files.readString(b.resolve("metrics.csv"));
        Files.writeString(b.resolve("metrics.csv"), csv.substring(0, csv.length() - 9)); // the last line cut short
        Path out = tmp.resolve("merged");
        refused("line", () -> MergeCommand.run(new String[] {out.toString(), a.toString(), b.toString()}));
        assertFalse(Files.exists(out), "nothing written");
        String[] lines = csv.split("\n");
        String[] f = lines[lines.length - 1].split(",", -1);
        f[4] = "NaN";
        lines[lines.length - 1] = String.join(",", f);
        Files.writeString(b.resolve("metrics.csv"), String.join("\n", lines) + "\n");
        refused("loss NaN is not a finite loss", () -> MergeCommand.run(new String[] {out.toString(), a.toString(), b.toString()}));
        assertFalse(Files.exists(out), "nothing written");
        f[4] = "Infinity";
        lines[lines.length - 1] = String.join(",", f);
        Files.writeString(b.resolve("metrics.csv"), String.join("\n", lines) + "\n");
        long before = Files.getLastModifiedTime(b.resolve("report.html")).toMillis();
        refused("loss Infinity is not a finite loss", () -> ReportCommand.run(new String[] {b.toString()}));
        assertEquals(before, Files.getLastModifiedTime(b.resolve("report.html")).toMillis(), "the report is not rewritten");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
