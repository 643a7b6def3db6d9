package org.wideneck.app.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.History;
import org.wideneck.core.model.Model;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.StepParts;
import org.wideneck.app.checkpoint.CheckpointFiles;
import org.wideneck.app.files.FileStores;
import org.wideneck.core.checkpoint.CheckpointFormat;
import org.wideneck.core.parallel.Grains;

/**
 * The step and evaluation benchmark ({@code submit/bench [step] [key=value ...]}): fills a random history of the
 * given size, times the parts of real simulator steps and one evaluation pass of the model the keys name, and
 * reports each part's effective GFLOP/s counting only matrix-product flops, beside the DGEMM rate of the BLAS in use
 * (the practical limit), measured in the same run. MNIST-scale defaults; 20 untimed warm-up steps come first. The g
 * update keeps the embeddings of all N points current (every point counts as touched).
 */
public final class StepBench {
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib");

    /** The keys of the step case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("N", "60000", "Training points (random data of the shape).", "integer 1 to 10⁷"),
            Keys.key("d0", "784", "Input dimension.", "integer 1 to 10⁵"),
            Keys.key("d", "100", "Bottleneck width.", "integer 1 to 10⁵"),
            Keys.key("dr", "10", "Outputs.", "integer 1 to 10⁴"),
            Keys.key("B", "20", "Batch size.", "integer 1 to 10⁵"),
            Keys.key("H", "40000", "History rows before the timed steps.", "integer 0 to 10⁸"),
            Keys.key("n", "10000", "Hidden units of the initial network's layers.", "integer 1 to 10⁶"),
            Keys.key("neval", "10000", "Points of the evaluation pass.", "integer 1 to 10⁷"),
            Keys.key("steps", "24", "Timed steps (rounded up to whole periods of the training points' deferred updates).", "integer 1 to 10⁶"),
            Keys.key("threads", "0", "Threads; 0 = all cores.", "integer 0 to 4096"),
            Keys.key("setup", "1", "1: also time the g₀ set-up pass on 1 thread and on all.", "0 or 1"),
            Keys.key("activation", "relu", "The model's activation.", "relu, erf"),
            Keys.key("g-depth", "1", "Hidden layers of g (each beyond the first an n×n matrix).", "integer 1 to 16"),
            Keys.key("momentum", "0", "Heavy-ball β of the model (the history's rows are spread over |H|/B past steps).", "a number in [0, 1)"));

    private StepBench() {}

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        NETLIB_LOG.setLevel(Level.SEVERE);
        int nTrain = p.integer("N", 1, 10_000_000), d0 = p.integer("d0", 1, 100_000), d = p.integer("d", 1, 100_000);
        int dr = p.integer("dr", 1, 10_000), b = p.integer("B", 1, 100_000), h = p.integer("H", 0, 100_000_000);
        int n = p.integer("n", 1, 1_000_000), nEval = p.integer("neval", 1, 10_000_000), steps = p.integer("steps", 1, 1_000_000);
        int threads = p.integer("threads", 0, 4096);
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        boolean setup = p.integer("setup", 0, 1) == 1;
        Model model = new Model(d, p.activation("activation"), p.integer("g-depth", 1, 16), Loss.MSE, new Momentum(p.real("momentum", 0, 1)));
        BenchSizes.check(p, "N", nTrain, d0 + d);
        BenchSizes.check(p, "neval", nEval, d0 + d);
        BenchSizes.check(p, "n", n, Math.max(Math.max(d0, d), model.gDepth() > 1 ? n : 1));
        BenchSizes.check(p, "B", b, Math.max(n, Grains.HISTORY_CHUNK));
        BenchSizes.check(p, "neval", nEval, n);
        BenchSizes.heap("bench step", (double) (nTrain + nEval) * (d0 + 2.0 * d + dr) + (h + (double) steps * b) * (2.0 * d + 2 * dr)
                + (double) n * (d0 + d + dr + (model.gDepth() - 1.0) * n) + (double) nTrain * d * 2);
        System.out.printf(Locale.ROOT, "wideneck bench: N=%d d0=%d d=%d dr=%d B=%d |H|=%d n=%d N_eval=%d, %d timed steps; model %s; BLAS %s, "
                        + "%d cores, %d threads%n", nTrain, d0, d, dr, b, h, n, nEval, steps, model.describe(), Gemm.implementation(),
                Runtime.getRuntime().availableProcessors(), threads);

        // as a run does (Main starts it during the data load and Spark's start): the SIMD loops compiled before they are timed
        long w0 = System.nanoTime();
        int warmCalls = SimdWarmup.run();
        System.out.printf(Locale.ROOT, "SIMD warm-up: %d calls in %.2f s%n", warmCalls, (System.nanoTime() - w0) / 1e9);
        double one = dgemmRate(1);
        double limit = dgemmRate(threads);
        System.out.printf(Locale.ROOT, "DGEMM 2000×2000×2000, single-threaded BLAS: %.1f GFLOP/s on 1 thread, "
                + "%.1f GFLOP/s on %d threads at once  ← the limit%n",
                one, limit, threads);

        SplittableRandom r = new SplittableRandom(1);
        Dataset train = new Dataset(nTrain, d0, dr, gauss(r, (long) nTrain * d0, 1), gauss(r, (long) nTrain * dr, 1), null);
        Dataset test = new Dataset(nEval, d0, dr, gauss(r, (long) nEval * d0, 1), gauss(r, (long) nEval * dr, 1), null);
        Problem problem = new Problem(train, test);
        NetworkWeights w = NetworkWeights.random(1, n, d0, d, dr, model.gDepth());
        Workers workers = new Workers(threads);
        if (setup) setupPass(w, model, train, threads, limit);
        double[] gTrain = gauss(r, (long) nTrain * d, 0.7), gTest = gauss(r, (long) nEval * d, 0.7);
        History history = syntheticHistory(r, h, b, d, dr);
        BottleneckSimulator sim = BottleneckSimulator.fromState(problem, model, new InitialNetwork(w, model.activation(), false), 0.1, workers,
                gTrain, gTest, history);
        // warm up, then time `steps` steps (the history grows by B each; the mean |H| is reported). The training
        // points' updates are applied once every `period` steps, so both counts are whole periods: the timed
        // window starts right after an application and holds steps/period of them.
        int period = BottleneckSimulator.trainFlushPeriod(b);
        steps = (steps + period - 1) / period * period;
        int warm = (20 + period - 1) / period * period;
        System.out.printf(Locale.ROOT, "timing %d steps (whole periods of %d: the training points' updates are applied every %d steps)%n",
                steps, period, period);
        for (int i = 0; i < warm; i++) sim.step(batch(r, nTrain, b)); // JIT warm-up: the vector loops must reach C2
        sim.parts().reset();
        int h1 = sim.historySize();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) sim.step(batch(r, nTrain, b));
        double stepSec = (System.nanoTime() - t0) * 1e-9 / steps;
        double hMean = h1 + (steps - 1) * b / 2.0;
        StepParts parts = sim.parts();
        double gFlops = 2.0 * b * nTrain * (d0 + d);
        double histFlops = 2.0 * b * hMean * (2.0 * d + 2.0 * dr);
        double netFlops = 2.0 * b * n * (2.0 * d + 2.0 * dr); // U x_b/√d once: J_0 takes φ' from f_0's pre-activations
        System.out.printf(Locale.ROOT, "%nstep at |H|≈%.0f: %.1f ms%n", hMean, stepSec * 1e3);
        line("g update (2·B·N·(d0+d))", parts.seconds(StepParts.Part.G_UPDATE) / steps, gFlops, limit);
        line("f, Jᵀχ vs history (2·B·|H|·(2d+2dr))", parts.seconds(StepParts.Part.HISTORY) / steps, histFlops, limit);
        line("f_0, J_0ᵀχ at the batch (2·B·n·(2d+2dr))", parts.seconds(StepParts.Part.INITIAL_NET) / steps, netFlops, limit);
        line("bookkeeping", parts.seconds(StepParts.Part.BOOKKEEPING) / steps, 0, limit);
        double target = gFlops + histFlops;
        System.out.printf(Locale.ROOT, "whole step: %.1f ms for %.3g flops (g update + history) → %.1f GFLOP/s = %.0f%% of the limit; target ≥ 50%%%n",
                stepSec * 1e3, target, target / stepSec * 1e-9, 100 * target / stepSec * 1e-9 / limit);
        System.out.printf(Locale.ROOT, "            with f_0/J_0 flops too: %.1f GFLOP/s = %.0f%% of the limit%n",
                (target + netFlops) / stepSec * 1e-9, 100 * (target + netFlops) / stepSec * 1e-9 / limit);

        sim.parts().reset();
        int hNow = sim.historySize();
        long te = System.nanoTime();
        sim.outputs(Split.TEST);
        double evalSec = (System.nanoTime() - te) * 1e-9;
        double evalHist = 2.0 * nEval * hNow * (d + dr), evalNet = 2.0 * nEval * n * (d + dr);
        System.out.printf(Locale.ROOT, "%nevaluation pass, %d points at |H|=%d: %.2f s%n", nEval, hNow, evalSec);
        line("history part (2·N_eval·|H|·(d+dr))", evalSec, evalHist, limit);
        System.out.printf(Locale.ROOT, "  all matrix flops incl. f_0 (2·N_eval·n·(d+dr)): %.1f GFLOP/s = %.0f%% of the limit; target ≥ 50%%%n",
                (evalHist + evalNet) / evalSec * 1e-9, 100 * (evalHist + evalNet) / evalSec * 1e-9 / limit);
        checkpoint(sim, problem, model, new InitialNetwork(w, model.activation(), false), workers);
        workers.close();
    }

    /** A checkpoint of the simulator's state (train.checkpoint-every): bytes, write + fsync time, verify + restore time. */
    private static void checkpoint(BottleneckSimulator sim, Problem problem, Model model, InitialNetwork net,
                                   Workers workers) {
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), "wideneck-bench-ckpt");
            CheckpointFiles store = new CheckpointFiles(FileStores.local(dir), "run");
            long t0 = System.nanoTime();
            store.write(1, out -> CheckpointFormat.write(out, sim::saveState));
            double write = (System.nanoTime() - t0) * 1e-9;
            var e = store.entries().get(0);
            long t1 = System.nanoTime();
            try (var in = store.open(e)) {
                CheckpointFormat.verify(in, e.size());
            }
            BottleneckSimulator back;
            try (var in = store.open(e)) {
                back = CheckpointFormat.read(in, e.size(),
                        si -> BottleneckSimulator.restore(si, problem, model, net, 0.1, workers));
            }
            double read = (System.nanoTime() - t1) * 1e-9;
            if (back.historySize() != sim.historySize()) throw new AssertionError("restored history differs");
            System.out.printf(Locale.ROOT, "%ncheckpoint of this state (N×d embeddings, |H|=%d history, pending updates): %.1f MB; "
                            + "write + fsync %.2f s (%.0f MB/s), verify + restore %.2f s, in %s%n",
                    sim.historySize(), e.size() / 1e6, write, e.size() / 1e6 / write, read, dir);
            store.clear();
        } catch (java.io.IOException ex) {
            System.out.println("checkpoint: could not be measured (" + ex.getMessage() + ")");
        }
    }

    /**
     * A random history of h rows, as if the first h/B steps had made it, B rows each (the state is then no SGD
     * trajectory; with momentum the rows carry their steps' weights).
     */
    static History syntheticHistory(SplittableRandom r, int h, int b, int d, int dr) {
        History history = new History(d, dr);
        int steps = (h + b - 1) / b;
        for (int s = 0; s < steps; s++) {
            int rows = Math.min(b, h - s * b);
            history.append(gauss(r, (long) rows * d, 0.7), 0, gauss(r, (long) rows * dr, 0.01), 0, rows, s);
        }
        return history;
    }

    /** The g_0 random-feature pass over the N training points (2·N·n·(d0 + (L−1)n + d) flops) on 1 thread and on all. */
    private static void setupPass(NetworkWeights w, Model model, Dataset train, int threads, double limit) {
        InitialNetwork net = new InitialNetwork(w, model.activation(), false);
        double flops = 2.0 * train.size() * w.n() * (w.d0() + (model.gDepth() - 1.0) * w.n() + w.d());
        double[] ref = null;
        System.out.printf(Locale.ROOT, "%nset-up pass g_0 over N=%d points (2·N·n·(d0+d) = %.3g flops):%n", train.size(), flops);
        double one = 0;
        for (int t : threads > 1 ? new int[] {1, threads} : new int[] {1}) {
            try (Workers ws = new Workers(t)) {
                long t0 = System.nanoTime();
                double[] g = net.g0(train.x(), train.size(), ws);
                double sec = (System.nanoTime() - t0) * 1e-9;
                if (t == 1) one = sec;
                if (ref == null) ref = g;
                else if (!java.util.Arrays.equals(ref, g)) throw new AssertionError("g_0 differs between thread counts");
                line("g_0 on " + t + " thread(s)" + (t > 1 ? String.format(Locale.ROOT, " (%.2f× of 1)", one / sec) : ""), sec, flops, limit);
            }
        }
    }

    private static void line(String what, double sec, double flops, double limit) {
        if (flops > 0) {
            double rate = flops / sec * 1e-9;
            System.out.printf(Locale.ROOT, "  %-44s %9.2f ms  %7.1f GFLOP/s  %4.0f%% of limit%n", what, sec * 1e3, rate, 100 * rate / limit);
        } else {
            System.out.printf(Locale.ROOT, "  %-44s %9.2f ms%n", what, sec * 1e3);
        }
    }

    /** Aggregate DGEMM rate of `threads` threads each multiplying its own 2000×2000 matrices (best of 3). */
    static double dgemmRate(int threads) {
        int m = 2000;
        double best = 0;
        try (Workers w = new Workers(threads)) {
            double[][] a = new double[threads][m * m], bb = new double[threads][m * m], c = new double[threads][m * m];
            for (int t = 0; t < threads; t++) {
                java.util.Arrays.fill(a[t], 0.5);
                java.util.Arrays.fill(bb[t], 0.25);
            }
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                w.forRanges(threads, 1, (t, unused) -> Gemm.ab(m, m, m, 1, a[t], 0, bb[t], 0, 0, c[t], 0));
                double rate = threads * 2.0 * m * m * m / ((System.nanoTime() - t0) * 1e-9) * 1e-9;
                if (rep > 0) best = Math.max(best, rate);
            }
        }
        return best;
    }

    /** b random training indices (with repeats). */
    static int[] batch(SplittableRandom r, int n, int b) {
        int[] out = new int[b];
        for (int i = 0; i < b; i++) out[i] = r.nextInt(n);
        return out;
    }

    /** len independent N(0, scale²) draws. */
    static double[] gauss(SplittableRandom r, long len, double scale) {
        double[] a = new double[Math.toIntExact(len)];
        for (int i = 0; i < a.length; i++) a[i] = scale * r.nextGaussian();
        return a;
    }
}
