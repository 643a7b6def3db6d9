package org.wideneck.app.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.app.data.SyntheticDeepGp;
import org.wideneck.core.data.Problem;
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
 * at each width, timed whole (best of reps) and with f₀ alone, and reported as core-nanoseconds per (point, history
 * row) pair: wall time × threads ÷ (points × |H|), f₀ counted. The data are the main job's: the synthetic task's
 * points (half training, half test) at their initial embeddings g₀, and a history of |H| rows made of the embeddings
 * of training points drawn at random — the angles between real embeddings, not random vectors' (the arccos's cost
 * depends on them) — with n = 10000 and dr = 1; the main job evaluates 4000 points against 20000 rows at its end.
 */
final class EvalBench {
    /** The keys of the eval case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("points", "4000", "Points evaluated (the main job evaluates 2000 training and 2000 test points).", "integer 1 to 10⁷"),
            Keys.key("H", "20000", "History rows.", "integer 1 to 10⁸"),
            Keys.key("n", "10000", "Hidden units of f₀ and g₀.", "integer 1 to 10⁶"),
            Keys.key("widths", "[10, 100]", "Bottleneck widths d, each timed.", "a list of integers 1 to 10⁴"),
            Keys.key("activation", "relu", "The model's activation (f₀'s φ and K's).", "relu, erf"),
            Keys.key("momentum", "0", "Heavy-ball β (the history's rows weighted by their steps).", "a number in [0, 1)"),
            Keys.key("reps", "3", "Passes timed at each width; the best is reported.", "integer 1 to 100"),
            Keys.key("threads", "0", "Threads; 0 = all cores.", "integer 0 to 4096"));

    private EvalBench() {}

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        int points = p.integer("points", 2, 1_000_000), h = p.integer("H", 1, 100_000_000), n = p.integer("n", 1, 1_000_000);
        int dr = 1, reps = p.integer("reps", 1, 100), threads = p.integer("threads", 0, 4096);
        List<Integer> widths = p.integers("widths", 1, 10_000);
        var activation = p.activation("activation");
        Momentum momentum = new Momentum(p.real("momentum", 0, 1));
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        int dMax = widths.stream().mapToInt(Integer::intValue).max().orElse(1);
        BenchSizes.check(p, "points", points, dMax + dr);
        BenchSizes.check(p, "H", h, dMax);
        BenchSizes.check(p, "n", n, dMax + dr);
        BenchSizes.heap("bench eval", (double) points * (dMax + dr + 16) + (double) h * (2.0 * dMax + dr) + (double) n * (2 * dMax + dr + 16)
                + (double) threads * 64 * Math.max(n, 2048));
        int d0 = 16, nTrain = points / 2;
        System.out.printf(Locale.ROOT, "wideneck bench eval: %d points of the synthetic task at their g₀, |H| = %d rows of training points' g₀, "
                        + "n = %d, dr = %d, %s%s; BLAS %s, %d threads%n", points, h, n, dr, activation.name(),
                momentum.active() ? ", momentum " + momentum.beta() : "", Gemm.implementation(), threads);
        SimdWarmup.run();
        Problem data = SyntheticDeepGp.generate(1, nTrain, points - nTrain, d0, 4, dr, 2000);
        double[] xi = new double[points * d0];
        System.arraycopy(data.train().x(), 0, xi, 0, nTrain * d0);
        System.arraycopy(data.test().x(), 0, xi, nTrain * d0, (points - nTrain) * d0);
        try (Workers workers = new Workers(threads)) {
            for (int d : widths) {
                SplittableRandom r = new SplittableRandom(1);
                NetworkWeights w = NetworkWeights.random(1, n, d0, d, dr);
                InitialNetwork net = new InitialNetwork(w, activation, false);
                OutputFunction f = new OutputFunction(net, new FKernel(activation, KernelPath.best()), 0.1, momentum);
                double[] x = net.g0(xi, points, workers);
                History history = new History(d, dr);
                for (int s0 = 0; s0 < h; s0 += 20) { // B = 20 rows a step, the rows' steps as a run's
                    int rows = Math.min(20, h - s0);
                    double[] xb = new double[rows * d];
                    for (int i = 0; i < rows; i++) System.arraycopy(x, r.nextInt(nTrain) * d, xb, i * d, d);
                    history.append(xb, 0, StepBench.gauss(r, (long) rows * dr, 0.01), 0, rows, s0 / 20 - (h + 19) / 20);
                }
                History none = new History(d, dr);
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
