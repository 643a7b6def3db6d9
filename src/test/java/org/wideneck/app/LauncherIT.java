package org.wideneck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.data.Npy;

/**
 * The launchers as a user runs them, after {@code package}: every form of {@code submit/cluster} the README shows
 * against a local master (none given: local[*]; SPARK_MASTER; --resume; --predict), and bad input through each
 * launcher as one line on the console — no JVM warning, no Spark task trace — with exit 2.
 */
class LauncherIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String TINY = "data.synthetic { train-size = 60, test-size = 30, input-dim = 5, features = 300 }\n"
            + "model.widths = [inf, 4]\ninit { width = 200, inf-width = 100 }\n"
            + "train { steps = 20, eval-every = 10, learning-rate = 1.0, batch-size = 10 }\n";

    @TempDir
    Path tmp;

    record Ran(int code, String out, String err) {}

    Ran launch(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".log"), err = Files.createTempFile(tmp, "err", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("WIDENECK_NO_BUILD", "1");
        pb.environment().put("WIDENECK_NO_APT", "1");
        pb.environment().put("WIDENECK_JAVA_OPTS", "-Xmx2g");
        pb.environment().remove("SPARK_MASTER");
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static void oneLine(Ran r, String expected) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on the console: " + r.err());
        assertTrue(lines.get(0).startsWith("wideneck: error: ") && lines.get(0).contains(expected), r.err());
    }

    @Test
    void everyFormOfTheClusterLauncherRunsAgainstALocalMaster() throws Exception {
        Path c = tmp.resolve("tiny.conf");
        Files.writeString(c, TINY);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        Ran first = launch(Map.of(), "submit/cluster", c.toString(), "output.dir=" + a, "output.model=true", "train.steps=20");
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(a.resolve("metrics.csv")), first.out());
        assertTrue(Files.readString(a.resolve("run.json")).contains("\"spark_master\" : \"local[*]\""), "no master given: local[*]");
        Ran env = launch(Map.of("SPARK_MASTER", "local[2]"), "submit/cluster", c.toString(), "output.dir=" + b);
        assertEquals(0, env.code(), env.err());
        assertTrue(Files.readString(b.resolve("run.json")).contains("\"spark_master\" : \"local[2]\""), "SPARK_MASTER wins");
        assertEquals(Files.readAllLines(a.resolve("metrics.csv")).size(), Files.readAllLines(b.resolve("metrics.csv")).size());
        Ran resume = launch(Map.of(), "submit/cluster", "--resume", a.toString(), "spark.master=\"local[2]\"");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("2 of 2 run(s) finished before"), resume.out());
        Path x = tmp.resolve("x.npy");
        Npy.writeFloat64(x, new double[4 * 5], 4, 5);
        Path model;
        try (var s = Files.list(a.resolve("models"))) {
            model = s.findFirst().orElseThrow();
        }
        Ran predict = launch(Map.of(), "submit/cluster", "--predict", model.toString(), x.toString(), tmp.resolve("pred").toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(Files.exists(tmp.resolve("pred/predictions.parquet")), predict.out());

        oneLine(launch(Map.of(), "submit/cluster"), "give a config file");
        oneLine(launch(Map.of(), "submit/cluster", "--resume"), "--resume needs the output directory");
        oneLine(launch(Map.of("SPARK_MASTER", "nowhere"), "submit/cluster", c.toString()), "SPARK_MASTER = \"nowhere\"");
        oneLine(launch(Map.of(), "submit/cluster", c.toString(), "train.stepz=3"), "did you mean 'train.steps'");
    }

    @Test
    void badInputThroughEveryLauncherIsOneLineOnTheConsole() throws Exception {
        Path c = tmp.resolve("tiny.conf");
        Files.writeString(c, TINY);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        oneLine(launch(Map.of(), "submit/local", c.toString(), "model.activation=tanh"), "model.activation");
        oneLine(launch(Map.of(), "submit/bench", "N=-5"), "N = -5");
        oneLine(launch(Map.of(), "submit/verify", "quick", "output.dir=" + file), "output.dir");
        oneLine(launch(Map.of(), "submit/report", tmp.toString()), "holds no metrics.csv");
        oneLine(launch(Map.of(), "submit/merge", tmp.resolve("m").toString(), tmp.toString()), "give OUT and at least two");
        // a NaN found by a Spark task: the task's failure and trace stay off the console
        Path a = tmp.resolve("a");
        assertEquals(0, launch(Map.of(), "submit/local", c.toString(), "output.dir=" + a, "output.model=true").code());
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 8; i++) json.append("{\"features\": [0.1, 0.2, ").append(i == 5 ? "NaN" : "0.3").append(", 0.4, 0.5]}\n");
        Path data = Files.writeString(tmp.resolve("points.json"), json.toString());
        Path model;
        try (var s = Files.list(a.resolve("models"))) {
            model = s.findFirst().orElseThrow();
        }
        Path out = tmp.resolve("nan-out");
        oneLine(launch(Map.of(), "submit/predict", model.toString(), data.toString(), out.toString()), "NaN");
        assertFalse(Files.exists(out), "nothing written");
    }
}
