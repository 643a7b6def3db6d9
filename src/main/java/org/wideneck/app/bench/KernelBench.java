package org.wideneck.app.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.GKernel;
import org.wideneck.core.kernel.InfiniteBottleneckKernel;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.core.linalg.Gemm;

/**
 * The elementwise kernels' cost a pair ({@code submit/bench kernels [key=value ...]}), one thread, on one rows×cols
 * block of dot products (the step's and evaluation's block shape): K of f alone (evaluation), K with Ξ's α and β (the
 * step), Θ of g at depth 1 and 2 and Θ_∞ (eq 42) — for each activation, on the run's kernel path and on the scalar
 * loops, in nanoseconds a pair (best of the last half of the calls).
 */
final class KernelBench {
    /** The keys of the kernels case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("rows", "64", "Rows of the block.", "integer 1 to 4096"),
            Keys.key("cols", "2048", "Columns of the block.", "integer 1 to 65536"),
            Keys.key("d", "100", "Dimension of the dot products (d for K, d0 for Θ).", "integer 1 to 10⁴"),
            Keys.key("seconds", "1", "Time spent on each kernel and path.", "integer 1 to 60"));

    private KernelBench() {}

    private interface Loop {
        void run(double[] block);
    }

    /** Runs the case on validated settings. */
    static void run(ToolSettings p) {
        int rows = p.integer("rows", 1, 4096), cols = p.integer("cols", 1, 65536), d = p.integer("d", 1, 10_000);
        double seconds = p.integer("seconds", 1, 60);
        BenchSizes.check(p, "cols", rows, cols);
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[rows * d], y = new double[cols * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
        double[] xn = Gemm.rowSquaredNorms(x, rows, d), yn = Gemm.rowSquaredNorms(y, cols, d);
        double[] dots = new double[rows * cols];
        Gemm.abt(rows, cols, d, 1.0, x, 0, y, 0, 0.0, dots, 0);
        double[] block = new double[rows * cols], alpha = new double[rows * cols], beta = new double[rows * cols];
        SimdWarmup.run();
        System.out.printf(Locale.ROOT, "wideneck bench kernels: %d×%d block, d = %d, one thread; ns a pair (best of the steady calls)%n", rows, cols, d);
        System.out.printf(Locale.ROOT, "  %-28s %10s %10s%n", "kernel", "relu", "erf");
        List<KernelPath> paths = KernelPath.best() == KernelPath.SIMD ? List.of(KernelPath.SIMD, KernelPath.SCALAR) : List.of(KernelPath.SCALAR);
        for (KernelPath path : paths) {
            String tag = " (" + path.name().toLowerCase(Locale.ROOT) + ")";
            row("K of f" + tag, a -> blk -> new FKernel(a, path).inPlace(blk, rows, cols, xn, 0, yn, 0, d), dots, block, seconds);
            row("K, α, β of f" + tag, a -> blk -> new FKernel(a, path).withXi(blk, alpha, beta, rows, cols, xn, 0, yn, 0, d), dots, block, seconds);
            row("Θ of g, depth 1" + tag, a -> input(new GKernel(a, 1, path), rows, cols, xn, yn, d), dots, block, seconds);
            row("Θ of g, depth 2" + tag, a -> input(new GKernel(a, 2, path), rows, cols, xn, yn, d), dots, block, seconds);
            row("Θ_∞ (inf), depth 1" + tag, a -> input(new InfiniteBottleneckKernel(a, 1, path), rows, cols, xn, yn, d), dots, block, seconds);
        }
    }

    private static Loop input(InputKernel k, int rows, int cols, double[] xn, double[] yn, int d) {
        return blk -> k.inPlace(blk, rows, cols, xn, 0, yn, 0, d);
    }

    private static void row(String what, java.util.function.Function<Activation, Loop> make, double[] dots, double[] block, double seconds) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-28s", what));
        for (String name : new String[] {"relu", "erf"}) {
            Loop loop = make.apply(Activation.named(name));
            sb.append(String.format(Locale.ROOT, " %10.2f", nsPerPair(loop, dots, block, seconds)));
        }
        System.out.println(sb);
    }

    private static double nsPerPair(Loop loop, double[] dots, double[] block, double seconds) {
        long start = System.nanoTime(), best = Long.MAX_VALUE;
        while (System.nanoTime() - start < seconds * 1e9) {
            System.arraycopy(dots, 0, block, 0, block.length);
            long t0 = System.nanoTime();
            loop.run(block);
            long took = System.nanoTime() - t0;
            if (System.nanoTime() - start > seconds * 0.5e9) best = Math.min(best, took);
        }
        return best / (double) block.length;
    }
}
