package org.wideneck.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.MainAccess;

/**
 * Real cluster runs (runs in {@code mvn verify}, after the jar is packaged): a Spark standalone master
 * and three one-core workers on 127.0.0.1 started from the project's own Spark jars
 * ({@code submit/dev-cluster}), sweeps submitted through {@code submit/cluster} (spark-submit), and their
 * metrics compared with local mode's. One sweep loses a worker (killed mid-sweep) and must still end
 * complete and equal. The cluster is stopped after the tests, also when they fail.
 */
class ClusterIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String SWEEP = "data.synthetic { train-size = 1000, test-size = 1000 }\n"
            + "model.widths = [inf, 40, 20, 10]\ninit { width = 1200, inf-width = 600 }\n"
            + "train { steps = 400, eval-every = 100, batch-size = 20, learning-rate = 1.0 }\n";
    static int port;
    static String master;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        port = freePort();
        String out = script(120, "submit/dev-cluster", "start", "3"); // the two loss tests each kill a different one
        master = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("spark://127.0.0.1:" + port, master, out);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script(60, "submit/dev-cluster", "stop");
    }

    /** A port p with p + 1000 .. p + 1002 (the web UIs) below 65536. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (s.getLocalPort() < 60000) return s.getLocalPort();
            }
        }
        return 17177;
    }

    static ProcessBuilder builder(String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("WIDENECK_NO_BUILD", "1");
        env.put("WIDENECK_NO_APT", "1");
        env.put("WIDENECK_CLUSTER_PORT", Integer.toString(port));
        env.put("WIDENECK_WORKER_MEMORY", "2g");
        env.put("WIDENECK_JAVA_OPTS", "-Xmx2g");
        env.put("SPARK_MASTER", master == null ? "" : master);
        env.remove("SPARK_HOME");
        return pb;
    }

    static String script(int timeoutSeconds, String... cmd) throws Exception {
        Process p = builder(cmd).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out: " + out);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
            return out;
        } finally {
            p.destroyForcibly();
        }
    }

    static Path conf(String name, String text) throws IOException {
        Path c = tmp.resolve(name + ".conf");
        Files.writeString(c, text);
        return c;
    }

    /** metrics.csv without wall_seconds, sorted (runs finish in any order). */
    static List<String> metrics(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) {
            rows.add(String.join(",", Arrays.copyOf(line.split(","), 6)));
        }
        rows.sort(null);
        return rows;
    }

    static List<String> local(Path c, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(c.toString(), "output.dir=" + tmp.resolve(name), "spark.master=\"local[2]\""));
        args.addAll(List.of(extra));
        assertEquals(0, MainAccess.run(args.toArray(new String[0])));
        return metrics(tmp.resolve(name));
    }

    static String[] submit(Path c, String name, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("submit/cluster", c.toString(), "output.dir=" + tmp.resolve(name),
                "spark.conf.\"spark.driver.host\"=127.0.0.1", "spark.conf.\"spark.driver.bindAddress\"=127.0.0.1"));
        cmd.addAll(List.of(extra));
        return cmd.toArray(new String[0]);
    }

    @Test
    void aSweepOnTheClusterEqualsLocalMode() throws Exception {
        Path c = conf("sweep", SWEEP);
        long t0 = System.nanoTime();
        String out = script(600, submit(c, "cluster-sweep"));
        assertTrue(out.contains("4 run(s)"), out);
        assertEquals(local(c, "local-sweep"), metrics(tmp.resolve("cluster-sweep")), out);
        String json = Files.readString(tmp.resolve("cluster-sweep/run.json"));
        assertTrue(json.contains("\"spark_master\" : \"" + master + "\""), json);

        // a partitioned run on the cluster against local mode: aPartitionedRunSurvivesTheLossOfAnExecutor
        System.out.printf("cluster test: a sweep submitted and checked in %.1f s%n", (System.nanoTime() - t0) * 1e-9);
    }

    @Test
    void aSweepSurvivesTheLossOfAWorker() throws Exception {
        Path c = conf("kill", SWEEP);
        Path work = ROOT.resolve("target/spark-home/work"), release = tmp.resolve("kill.release");
        java.util.Set<Path> before = apps(work);
        ProcessBuilder pb = builder(submit(c, "cluster-kill")).redirectOutput(tmp.resolve("kill.log").toFile());
        pb.environment().put("WIDENECK_DEBUG_HOLD", "150:" + release); // every run waits after step 150 of 400 until released
        Process sweep = pb.start();
        try {
            // wait until two executors hold their runs at step 150 (the workers are one-core; the other loss test may
            // have killed worker 2 already, and worker 1 runs a task either way), then kill worker 1 (its executor goes
            // with it) and let the runs go on: the lost run is rerun elsewhere
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (executorsReporting(work, before, "holding after step 150") < 2) {
                assertTrue(sweep.isAlive(), "the sweep ended before a worker could be killed: " + Files.readString(tmp.resolve("kill.log")));
                assertTrue(System.nanoTime() < deadline, "the executors did not reach step 150");
                Thread.sleep(500);
            }
            long pid = Long.parseLong(Files.readString(ROOT.resolve("target/spark-home/worker-1.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Files.writeString(release, "go");
            assertTrue(sweep.waitFor(600, TimeUnit.SECONDS), "sweep did not finish");
            String log = Files.readString(tmp.resolve("kill.log"));
            assertEquals(0, sweep.exitValue(), log);
            assertTrue(log.contains("Lost executor"), "the driver never lost an executor:\n" + log);
            assertEquals(local(c, "local-kill"), metrics(tmp.resolve("cluster-kill")), log);
        } finally {
            sweep.destroyForcibly();
        }
    }

    /**
     * Partitioned mode on the cluster: executors on the three workers evaluate blocks of the 2100 test
     * points; one lost after the evaluation state's lineage was cut (every 5 evaluations) is recomputed
     * from what the driver holds — no spark.checkpoint-dir needed — and the run ends with the local-mode
     * metrics bitwise. The driver holds after step 180 (WIDENECK_DEBUG_HOLD) while the worker is killed,
     * so the loss falls between the cut at step 150 and the end whatever the machine's speed.
     */
    @Test
    void aPartitionedRunSurvivesTheLossOfAnExecutor() throws Exception {
        Path c = conf("pkill", SWEEP + "data.synthetic.test-size = 2100\nmodel.widths = [20]\nspark.mode = partitioned\n"
                + "train { steps = 300, eval-every = 30 }\n");
        Path log = tmp.resolve("pkill.log"), release = tmp.resolve("pkill.release");
        ProcessBuilder pb = builder(submit(c, "cluster-pkill")).redirectOutput(log.toFile());
        pb.environment().put("WIDENECK_DEBUG_HOLD", "180:" + release);
        Process run = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.readString(log).contains("holding after step 180")) { // past evaluation 5 (step 150), where the lineage is cut
                assertTrue(run.isAlive(), "the run ended before an executor could be lost: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the run did not reach step 180: " + Files.readString(log));
                Thread.sleep(200);
            }
            long pid = Long.parseLong(Files.readString(ROOT.resolve("target/spark-home/worker-2.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Files.writeString(release, "go");
            assertTrue(run.waitFor(600, TimeUnit.SECONDS), "the run did not finish");
            String out = Files.readString(log);
            assertEquals(0, run.exitValue(), out);
            assertTrue(out.contains("Lost executor"), "the driver never lost an executor:\n" + out);
            assertEquals(local(c, "local-pkill"), metrics(tmp.resolve("cluster-pkill")), out);
        } finally {
            run.destroyForcibly();
        }
    }

    /** The application directories of the workers so far. */
    static java.util.Set<Path> apps(Path work) throws IOException {
        if (!Files.isDirectory(work)) return java.util.Set.of();
        try (Stream<Path> s = Files.list(work)) {
            return s.collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Executor stdout files (one per executor) of applications not in {@code old} that contain {@code text}. */
    static long executorsReporting(Path work, java.util.Set<Path> old, String text) throws IOException {
        if (!Files.isDirectory(work)) return 0;
        try (Stream<Path> s = Files.walk(work, 3)) {
            return s.filter(f -> f.getFileName().toString().equals("stdout")).filter(f
                    -> !old.contains(work.resolve(work.relativize(f).getName(0)))).filter(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
