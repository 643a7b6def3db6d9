package org.wideneck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code submit/local} killed with SIGKILL in the middle of a sweep, then {@code submit/local --resume DIR}:
 * the metrics equal those of an uninterrupted sweep bitwise (wall seconds aside), in sweep mode and in
 * partitioned mode; in partitioned mode the newest checkpoint of one run is corrupted before resuming,
 * and the run falls back to the one before it.
 */
class ResumeIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String SWEEP = "data.synthetic { train-size = 1200, test-size = 800 }\n"
            + "model.widths = [inf, 20, 10]\ninit { width = 1500, inf-width = 800 }\n"
            + "train { steps = 200, eval-every = 50, batch-size = 20, learning-rate = 1.0, checkpoint-every = 25 }\n"
            + "spark.master = \"local[2]\"\n";

    @TempDir
    Path tmp;

    static List<String> metrics(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) rows.add(String.join(",", Arrays.copyOf(line.split(","), 6)));
        return rows;
    }

    static List<Path> checkpoints(Path dir) throws IOException {
        Path c = dir.resolve("checkpoints");
        if (!Files.isDirectory(c)) return List.of();
        try (Stream<Path> s = Files.walk(c)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ckpt")).sorted().toList();
        }
    }

    /** Whether this process ignores the signal (then so does every process it starts; the JVM installs no handler for it). */
    static boolean ignored(String name) {
        Signal s = new Signal(name);
        SignalHandler before = Signal.handle(s, x -> { });
        Signal.handle(s, before);
        return before == SignalHandler.SIG_IGN;
    }

    static ProcessBuilder local(Path log, String... args) {
        List<String> cmd = new ArrayList<>(List.of("submit/local"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WIDENECK_NO_BUILD", "1");
        pb.environment().put("WIDENECK_NO_APT", "1");
        pb.environment().put("WIDENECK_JAVA_OPTS", "-Xmx2g");
        return pb;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sweep", "partitioned"})
    void killedSweepResumesToTheUninterruptedMetrics(String mode) throws Exception {
        Path c = tmp.resolve("resume.conf");
        Files.writeString(c, SWEEP + "spark.mode = " + mode + "\n");
        Path ref = tmp.resolve("ref"), dir = tmp.resolve("killed");
        assertEquals(0, MainAccess.run(c.toString(), "output.dir=" + ref, "train.checkpoint-every=0"));

        ProcessBuilder first = local(tmp.resolve("first.log"), c.toString(), "output.dir=" + dir);
        first.environment().put("WIDENECK_DEBUG_HOLD", "100:" + tmp.resolve("never")); // every run stops after step 100
        Process p = first.start();
        // SIGKILL once a run holds after step 100 (checkpointed at 75 and 100; in sweep mode a second run is mid-way too)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (p.isAlive() && !Files.readString(tmp.resolve("first.log")).contains("holding after step 100")) {
            assertTrue(System.nanoTime() < deadline, "no run reached step 100 within 240 s: " + Files.readString(tmp.resolve("first.log")));
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the sweep ended before it could be killed: " + Files.readString(tmp.resolve("first.log")));
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        List<Path> left = checkpoints(dir);
        assertTrue(!left.isEmpty(), "an unfinished run left checkpoints");
        String note = "";
        if (mode.equals("partitioned")) { // the newest checkpoint of one run corrupted: its predecessor is used
            Path newest = left.get(left.size() - 1);
            byte[] b = Files.readAllBytes(newest);
            b[b.length / 2] ^= 1;
            Files.write(newest, b);
            note = "checkpoint " + newest.getFileName() + " cannot be used (its SHA-256 checksum does not match); using the one before it";
        }

        Process r = local(tmp.resolve("resume.log"), "--resume", dir.toString()).start();
        assertTrue(r.waitFor(300, TimeUnit.SECONDS), "resume timed out");
        String log = Files.readString(tmp.resolve("resume.log"));
        assertEquals(0, r.exitValue(), log);
        assertTrue(log.contains("resuming from the checkpoint after step"), log);
        assertTrue(log.contains(note), log);
        assertEquals(metrics(ref), metrics(dir), "resumed metrics differ from the uninterrupted sweep's:\n" + log);
        assertEquals(List.of(), checkpoints(dir), "checkpoints are removed once every run is written");
    }

    /**
     * SIGINT or SIGTERM in the middle of a sweep: the running runs checkpoint where they are and are recorded as
     * interrupted (not failed), every run run.json lists as finished has its rows in metrics.csv, the exit status is
     * 130 or 143; --resume keeps the sweep's first start and command line, adds its own, and ends at the
     * uninterrupted metrics.
     */
    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void interruptedSweepIsRecordedAsSuchAndResumes(String signal) throws Exception {
        assumeFalse(ignored(signal), "SIG" + signal + " is ignored by this JVM (started in the background by a shell without job "
                + "control), so the launcher it starts inherits that and is never told");
        Path c = tmp.resolve("resume.conf");
        Files.writeString(c, SWEEP + "spark.mode = sweep\n");
        Path ref = tmp.resolve("ref"), dir = tmp.resolve("interrupted"), go = tmp.resolve("go");
        assertEquals(0, MainAccess.run(c.toString(), "output.dir=" + ref, "train.checkpoint-every=0"));
        ProcessBuilder first = local(tmp.resolve("first.log"), c.toString(), "output.dir=" + dir);
        first.environment().put("WIDENECK_DEBUG_HOLD", "100:" + go);
        Process p = first.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (p.isAlive() && !Files.readString(tmp.resolve("first.log")).contains("holding after step 100")) {
            assertTrue(System.nanoTime() < deadline, "no run reached step 100 within 240 s: " + Files.readString(tmp.resolve("first.log")));
            Thread.sleep(100);
        }
        String started = runJson(dir).get("started").toString();
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        Thread.sleep(500);
        Files.writeString(go, "");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the interrupted sweep did not end");
        String log = Files.readString(tmp.resolve("first.log"));
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), log);
        assertTrue(log.contains("interrupted (SIG" + signal + ")") && !log.contains("FAILED"), log);
        Map<String, Object> json = runJson(dir);
        List<String> rows = metrics(dir);
        int interrupted = 0;
        for (Object o : (List<?>) json.get("runs")) {
            Map<?, ?> run = (Map<?, ?>) o;
            String status = run.get("status").toString(), key = run.get("width") + "," + run.get("seed") + ",";
            boolean hasRows = rows.stream().anyMatch(l -> l.startsWith(key));
            if (status.startsWith("interrupted at step")) {
                interrupted++;
                assertTrue(!hasRows, "an interrupted run's rows are in metrics.csv: " + key);
            } else {
                assertEquals("ok", status, log);
                assertTrue(hasRows, "a finished run's rows are missing from metrics.csv: " + key);
            }
        }
        assertTrue(interrupted >= 1, "no run recorded as interrupted: " + json.get("runs"));
        assertTrue(!checkpoints(dir).isEmpty(), "the interrupted runs left their checkpoints");
        assertTrue(!Files.exists(dir.resolve(".interrupted")), "the stop marker is removed");
        int refused = MainAccess.run(c.toString(), "output.dir=" + dir);
        assertEquals(2, refused, "a new sweep into the interrupted one's directory is refused");

        Process r = local(tmp.resolve("resume.log"), "--resume", dir.toString()).start();
        assertTrue(r.waitFor(300, TimeUnit.SECONDS), "resume timed out");
        String rlog = Files.readString(tmp.resolve("resume.log"));
        assertEquals(0, r.exitValue(), rlog);
        assertEquals(metrics(ref), metrics(dir), "resumed metrics differ from the uninterrupted sweep's:\n" + rlog);
        Map<String, Object> after = runJson(dir);
        assertEquals(started, after.get("started").toString(), "--resume keeps the sweep's first start");
        assertTrue(after.get("command_line").toString().contains("output.dir="), after.toString());
        assertEquals(1, ((List<?>) after.get("resumed")).size(), after.toString());
    }

    static Map<String, Object> runJson(Path dir) throws IOException {
        return com.typesafe.config.ConfigFactory.parseString(Files.readString(dir.resolve("run.json"))).root().unwrapped();
    }
}
