package org.wideneck.app.bench;

import java.util.ArrayList;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.parallel.Workers;
import org.wideneck.spark.PartitionedRun;
import org.wideneck.spark.SparkContexts;
import org.wideneck.core.dynamics.History;
import org.wideneck.core.dynamics.StepParts;
import org.wideneck.core.model.Model;

/**
 * The Spark measurements: {@code submit/bench spark [H=40000 neval=10000 steps=24]} at MNIST
 * scale (N = 60000, d0 = 784, d = 100, dr = 10, B = 20, random data of that shape).
 * <ol>
 *   <li>the step on the driver's own threads, and the latency of an empty Spark job in local[2] — what
 *       running each step as a job would add;</li>
 *   <li>one partitioned evaluation pass of the test points at |H| (executors evaluate blocks against the
 *       broadcast history) in local[1] and local[2], and the speed-up.</li>
 * </ol>
 */
public final class SparkBench {
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    private SparkBench() {}

    /** The keys of the spark case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("H", "40000", "History rows.", "integer 1 to 10⁷"),
            Keys.key("neval", "10000", "Test points of the partitioned pass.", "integer 1 to 10⁶"),
            Keys.key("steps", "24", "Timed steps.", "integer 1 to 10⁵"));

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        NETLIB_LOG.setLevel(Level.SEVERE);
        int h = p.integer("H", 1, 10_000_000), nEval = p.integer("neval", 1, 1_000_000), steps = p.integer("steps", 1, 100_000);
        BenchSizes.heap("bench spark", 60000.0 * (784 + 2 * 100 + 10) + nEval * (784.0 + 100 + 10) + (double) h * 220 + 10000.0 * 900);
        int nTrain = 60000, d0 = 784, d = 100, dr = 10, b = 20, n = 10000;
        int cores = Runtime.getRuntime().availableProcessors();
        SplittableRandom r = new SplittableRandom(1);
        Dataset train = new Dataset(nTrain, d0, dr, StepBench.gauss(r, (long) nTrain * d0, 1), StepBench.gauss(r, (long) nTrain * dr, 1), null);
        Dataset test = new Dataset(nEval, d0, dr, StepBench.gauss(r, (long) nEval * d0, 1), StepBench.gauss(r, (long) nEval * dr, 1), null);
        Problem problem = new Problem(train, test);
        NetworkWeights w = NetworkWeights.random(1, n, d0, d, dr);
        double[] gTrain = StepBench.gauss(r, (long) nTrain * d, 0.7), gTest = StepBench.gauss(r, (long) nEval * d, 0.7);
        double[] hx = StepBench.gauss(r, (long) h * d, 0.7), hchi = StepBench.gauss(r, (long) h * dr, 0.01);
        System.out.printf(Locale.ROOT, "wideneck bench spark: N=%d d0=%d d=%d dr=%d B=%d |H|=%d n=%d N_eval=%d, %d cores%n",
                nTrain, d0, d, dr, b, h, n, nEval, cores);

        // 1. the step on the driver's threads vs an empty Spark job
        double stepMs, bookkeepingMs;
        try (Workers workers = new Workers(cores)) {
            BottleneckSimulator sim = simulator(problem, w, gTrain, gTest, hx, hchi, h, workers);
            int period = BottleneckSimulator.trainFlushPeriod(b); // whole periods of the deferred training update
            steps = (steps + period - 1) / period * period;
            for (int i = 0; i < 2 * period; i++) sim.step(StepBench.batch(r, nTrain, b));
            sim.parts().reset();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) sim.step(StepBench.batch(r, nTrain, b));
            stepMs = (System.nanoTime() - t0) * 1e-6 / steps;
            bookkeepingMs = sim.parts().seconds(StepParts.Part.BOOKKEEPING) * 1e3 / steps;
        }
        double jobMs;
        try (JavaSparkContext sc = SparkContexts.create("wideneck bench", "local[" + cores + "]", Map.of())) {
            sc.setLogLevel("ERROR");
            var rdd = sc.parallelize(List.of(1, 2), cores).cache();
            rdd.count();
            for (int i = 0; i < 20; i++) rdd.foreach(x -> { });
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                rdd.foreach(x -> { });
                times.add((System.nanoTime() - t0) * 1e-6);
            }
            times.sort(null);
            jobMs = times.get(times.size() / 2);
        }
        System.out.printf(Locale.ROOT, "step on the driver's %d threads at |H|≈%d: %.1f ms, of which %.2f ms (%.2f%%) outside the arithmetic (bookkeeping)%n",
                cores, h, stepMs, bookkeepingMs, 100 * bookkeepingMs / stepMs);
        System.out.printf(Locale.ROOT, "empty Spark job (local[%d], %d tasks, median of 50): %.1f ms = %.0f%% of a step — what one job per step would add%n",
                cores, cores, jobMs, 100 * jobMs / stepMs);

        // 2. the partitioned evaluation pass in local[1] and local[cores]
        double[] secs = new double[2];
        int[] slots = {1, cores};
        Evaluation[] evs = new Evaluation[2];
        for (int k = 0; k < 2; k++) {
            try (JavaSparkContext sc = SparkContexts.create("wideneck bench", "local[" + slots[k] + "]", Map.of());
                 Workers workers = new Workers(cores)) {
                sc.setLogLevel("ERROR");
                BottleneckSimulator sim = simulator(problem, w, gTrain, gTest, hx, hchi, h, workers);
                Broadcast<Problem> data = sc.broadcast(problem);
                try (PartitionedRun run = new PartitionedRun(sc, data, sim, problem, false)) {
                    run.evaluate(test, Split.TEST, null); // warm-up: ships the history, JIT
                    long t0 = System.nanoTime();
                    evs[k] = run.evaluate(test, Split.TEST, null);
                    secs[k] = (System.nanoTime() - t0) * 1e-9;
                }
                data.destroy();
                Thread.sleep(500); // let the asynchronous block removals finish before the context stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            System.out.printf(Locale.ROOT, "partitioned evaluation of %d points at |H|=%d, local[%d]: %.2f s (loss %.17g)%n",
                    nEval, h, slots[k], secs[k], evs[k].loss());
        }
        System.out.printf(Locale.ROOT, "speed-up local[1] → local[%d]: %.2f×; losses %s%n", cores, secs[0] / secs[1],
                evs[0].loss() == evs[1].loss() ? "bitwise equal" : "DIFFER");
    }

    /** A simulator standing at the given embeddings with a synthetic history of h rows (no SGD trajectory). */
    private static BottleneckSimulator simulator(Problem problem, NetworkWeights w, double[] gTrain, double[] gTest, double[] hx, double[] hchi,
                                                 int h, Workers workers) {
        History history = new History(w.d(), w.dr());
        history.append(hx, 0, hchi, 0, h, 0);
        Model model = Model.paper(w.d());
        return BottleneckSimulator.fromState(problem, model, new InitialNetwork(w, model.activation(), false), 0.1, workers, gTrain.clone(),
                gTest.clone(), history);
    }
}
