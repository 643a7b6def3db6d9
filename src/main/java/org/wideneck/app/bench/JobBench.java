package org.wideneck.app.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.loop.EmbeddingUpdate;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.model.Model;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.run.Simulator;

/**
 * A whole run's steps against their flop bound ({@code submit/bench steps [key=value ...]}): one bottleneck run of the
 * given shape through the run lifecycle — set-up pass, steps with the eager/lazy rule of a real run, one evaluation of
 * a few points at the end — on random data of that shape (Gaussian inputs, one-hot labels), without Spark, data files
 * or a report. Reports the training seconds (the steps alone) against their matrix-product flops at the DGEMM limit
 * measured in the same process. The defaults are the MNIST-shaped 1500-step job of the performance page.
 */
final class JobBench {
    /** The keys of the steps case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("N", "60000", "Training points.", "integer 1 to 10⁶"),
            Keys.key("d0", "784", "Input dimension.", "integer 1 to 10⁵"),
            Keys.key("d", "100", "Bottleneck width.", "integer 1 to 10⁴"),
            Keys.key("dr", "10", "Outputs (classes).", "integer 2 to 10⁴"),
            Keys.key("B", "20", "Batch size.", "integer 1 to 10⁴"),
            Keys.key("n", "10000", "Hidden units of the initial network.", "integer 1 to 10⁶"),
            Keys.key("steps", "1500", "SGD steps.", "integer 1 to 10⁶"),
            Keys.key("eval-points", "100", "Training and test points evaluated at the end.", "integer 1 to 10⁵"),
            Keys.key("threads", "0", "Threads; 0 = all cores.", "integer 0 to 4096"));

    private JobBench() {}

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        int nTrain = p.integer("N", 1, 1_000_000), d0 = p.integer("d0", 1, 100_000), d = p.integer("d", 1, 10_000);
        int dr = p.integer("dr", 2, 10_000), b = p.integer("B", 1, 10_000), n = p.integer("n", 1, 1_000_000);
        int steps = p.integer("steps", 1, 1_000_000), ne = p.integer("eval-points", 1, 100_000), threads = p.integer("threads", 0, 4096);
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        if (b > nTrain) throw p.bad("B", "exceeds N = " + nTrain);
        BenchSizes.check(p, "N", nTrain, d0 + d);
        BenchSizes.check(p, "n", n, Math.max(d0, d));
        BenchSizes.heap("bench steps", (double) nTrain * (d0 + d + dr) + (double) steps * b * (3.0 * d + dr + d0 + 3) + (double) n * (d0 + d + dr));
        SimdWarmup.run();
        double limit = StepBench.dgemmRate(threads);
        SplittableRandom r = new SplittableRandom(1);
        Problem problem = new Problem(dataset(r, nTrain, d0, dr), dataset(r, Math.min(ne, nTrain), d0, dr));
        TrainSettings s = new TrainSettings(steps, b, 1.0, 1, steps, Math.min(ne, nTrain), TrainSettings.DEFAULT_DIVERGENCE_FACTOR, false,
                EmbeddingUpdate.AUTO, false);
        RunPlan plan = new RunPlan(Model.paper(d), Simulator.FUNCTION_SPACE, 1, new InitSettings(1, n, n, false, null), s, "", threads);
        System.out.printf(Locale.ROOT, "wideneck bench steps: N=%d d0=%d d=%d dr=%d B=%d n=%d, %d steps; BLAS %s, %d threads; DGEMM limit %.1f GFLOP/s%n",
                nTrain, d0, d, dr, b, n, steps, Gemm.implementation(), threads, limit);
        long t0 = System.nanoTime();
        RunOutcome o = RunExecutor.execute(plan, problem, RunHooks.none());
        double whole = (System.nanoTime() - t0) * 1e-9, bound = o.matrixFlops() / (limit * 1e9);
        System.out.printf(Locale.ROOT, "the steps: %.2f s for %.3g matrix flops (%.2f s at the limit): %.2f× their flop bound%n", o.trainSeconds(),
                (double) o.matrixFlops(), bound, o.trainSeconds() / bound);
        System.out.printf(Locale.ROOT, "  by part: %s%n", o.stepSeconds().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue())).reduce((x, y) -> x + ", " + y).orElse(""));
        System.out.printf(Locale.ROOT, "the run with its set-up pass and evaluation: %.2f s%n", whole);
    }

    /** rows Gaussian inputs with one-hot labels over dr classes. */
    private static Dataset dataset(SplittableRandom r, int rows, int d0, int dr) {
        double[] x = StepBench.gauss(r, (long) rows * d0, 1), y = new double[rows * dr];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(dr);
            y[i * dr + labels[i]] = 1;
        }
        return new Dataset(rows, d0, dr, x, y, labels);
    }
}
