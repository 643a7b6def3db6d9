package org.wideneck.app.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.core.dynamics.History;
import org.wideneck.core.dynamics.OutputFunction;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * The evaluation pass of a bottleneck run ({@code submit/bench eval [key=value ...]}): F_t = f_0(g) − μ Σ_h K(g, x_h)χ_h
 * at the given points against a random history, at each width, timed whole (best of reps) and with f₀ alone, and
 * reported as core-nanoseconds per (point, history row) pair: wall time × threads ÷ (points × |H|), f₀ counted. The
 * defaults are the main job's shape (the synthetic task: 2000 + 2000 points, dr = 1, n = 10000, 20000 history rows
 * at its end).
 */
final class EvalBench {
    /** The keys of the eval case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("points", "4000", "Points evaluated (the main job evaluates 2000 training and 2000 test points).", "integer 1 to 10⁷"),
            Keys.key("H", "20000", "History rows.", "integer 1 to 10⁸"),
            Keys.key("n", "10000", "Hidden units of f₀.", "integer 1 to 10⁶"),
            Keys.key("dr", "1", "Outputs.", "integer 1 to 10⁴"),
            Keys.key("widths", "[10, 100]", "Bottleneck widths d, each timed.", "a list of integers 1 to 10⁴"),
            Keys.key("activation", "relu", "The model's activation (f₀'s φ and K's).", "relu, erf"),
            Keys.key("momentum", "0", "Heavy-ball β (the history's rows weighted by their steps).", "a number in [0, 1)"),
            Keys.key("reps", "3", "Passes timed at each width; the best is reported.", "integer 1 to 100"),
            Keys.key("threads", "0", "Threads; 0 = all cores.", "integer 0 to 4096"));

    private EvalBench() {}

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        int points = p.integer("points", 1, 10_000_000), h = p.integer("H", 1, 100_000_000), n = p.integer("n", 1, 1_000_000);
        int dr = p.integer("dr", 1, 10_000), reps = p.integer("reps", 1, 100), threads = p.integer("threads", 0, 4096);
        List<Integer> widths = p.integers("widths", 1, 10_000);
        var activation = p.activation("activation");
        Momentum momentum = new Momentum(p.real("momentum", 0, 1));
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        int dMax = widths.stream().mapToInt(Integer::intValue).max().orElse(1);
        BenchSizes.check(p, "points", points, dMax + dr);
        BenchSizes.check(p, "H", h, dMax);
        BenchSizes.check(p, "n", n, dMax + dr);
        BenchSizes.heap("bench eval", (double) points * (dMax + dr) + (double) h * (2.0 * dMax + dr) + (double) n * (dMax + dr)
                + (double) threads * 64 * Math.max(n, 2048));
        int d0 = 16;
        System.out.printf(Locale.ROOT, "wideneck bench eval: %d points, |H| = %d, n = %d, dr = %d, %s%s; BLAS %s, %d threads%n", points, h, n, dr,
                activation.name(), momentum.active() ? ", momentum " + momentum.beta() : "", Gemm.implementation(), threads);
        SimdWarmup.run();
        try (Workers workers = new Workers(threads)) {
            for (int d : widths) {
                SplittableRandom r = new SplittableRandom(1);
                NetworkWeights w = NetworkWeights.random(1, n, d0, d, dr);
                InitialNetwork net = new InitialNetwork(w, activation, false);
                OutputFunction f = new OutputFunction(net, new FKernel(activation, KernelPath.best()), 0.1, momentum);
                History history = StepBench.syntheticHistory(r, h, 20, d, dr);
                History none = new History(d, dr);
                double[] x = StepBench.gauss(r, (long) points * d, 0.7);
                double whole = best(reps, () -> f.at(history, 0, x, points, workers));
                double f0 = best(reps, () -> f.at(none, 0, x, points, workers));
                double pairs = (double) points * h;
                System.out.printf(Locale.ROOT, "d = %-5d pass %7.3f s: %6.2f core-ns a (point, history) pair, f₀ counted "
                                + "(f₀ alone %.3f s = %.2f core-ns a pair; the history part %.2f)%n",
                        d, whole, whole * threads / pairs * 1e9, f0, f0 * threads / pairs * 1e9, (whole - f0) * threads / pairs * 1e9);
            }
        }
    }

    /** The shortest of reps runs after one untimed run, in seconds. */
    private static double best(int reps, Runnable pass) {
        pass.run();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            pass.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }
}
