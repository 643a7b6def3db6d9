package org.wideneck.app.bench;

import java.util.Locale;
import java.util.List;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import java.util.SplittableRandom;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.kernel.Relu;

/**
 * What the SIMD loops cost before C2 compiles them, with and without {@link SimdWarmup}
 * ({@code submit/bench warmup [key=value ...]}: this class's {@code main} in two fresh JVMs, cold then warm). Each repeats the step's K/Ξ loop on one
 * rows×cols block of a random history for the given seconds and reports the first call, when the calls first ran within 1.5× of
 * the steady time, and the steady time (ns a pair, the calls of the last half).
 */
public final class WarmupBench {
    private WarmupBench() {}

    /** The keys of the warmup case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("rows", "20", "Rows of the block.", "integer 1 to 4096"),
            Keys.key("cols", "2048", "Columns of the block.", "integer 1 to 65536"),
            Keys.key("d", "100", "Bottleneck width.", "integer 1 to 10⁴"),
            Keys.key("seconds", "5", "How long each JVM repeats the loop.", "integer 1 to 600"));

    /** Checks the settings, then measures in two fresh JVMs: cold, then after the warm-up. */
    static void run(ToolSettings p) throws java.io.IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>();
        args.add(Integer.toString(p.integer("rows", 1, 4096)));
        args.add(Integer.toString(p.integer("cols", 1, 65536)));
        args.add(Integer.toString(p.integer("d", 1, 10_000)));
        args.add(Integer.toString(p.integer("seconds", 1, 600)));
        for (String warm : new String[] {"0", "1"}) {
            List<String> a = new java.util.ArrayList<>(args);
            a.add(warm);
            ChildJvm.run(WarmupBench.class, a);
        }
    }

    /** One measurement in this JVM: rows, cols, d, seconds, warm (0/1), as {@link #run} passes them. */
    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]), cols = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]);
        double seconds = Integer.parseInt(args[3]);
        boolean warm = args[4].equals("1");
        KernelPath path = KernelPath.best();
        if (path != KernelPath.SIMD) {
            System.out.println("warmup bench: the SIMD path is not in use (no jdk.incubator.vector); nothing to measure");
            return;
        }
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[rows * d], y = new double[cols * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() - 0.3;
        for (int i = 0; i < y.length; i++) y[i] = r.nextDouble() - 0.3;
        double[] xn = Gemm.rowSquaredNorms(x, rows, d), yn = Gemm.rowSquaredNorms(y, cols, d);
        double[] dots = new double[rows * cols];
        Gemm.abt(rows, cols, d, 1.0, x, 0, y, 0, 0.0, dots, 0);
        double[] block = new double[rows * cols], alpha = new double[rows * cols], beta = new double[rows * cols];
        long w0 = System.nanoTime();
        if (warm) SimdWarmup.run();
        double warmSeconds = (System.nanoTime() - w0) / 1e9;
        int cap = 1 << 22;
        long[] ends = new long[cap], took = new long[cap];
        int calls = 0;
        long start = System.nanoTime();
        while (calls < cap && System.nanoTime() - start < seconds * 1e9) {
            System.arraycopy(dots, 0, block, 0, block.length);
            long t0 = System.nanoTime();
            Relu.INSTANCE.ntkAndXiBlock(path, block, alpha, beta, rows, cols, xn, 0, yn, 0, d);
            long t1 = System.nanoTime();
            ends[calls] = t1 - start;
            took[calls++] = t1 - t0;
        }
        double pairs = (double) rows * cols;
        long steadySum = 0;
        int steadyCalls = 0;
        for (int i = 0; i < calls; i++) {
            if (ends[i] >= seconds * 0.5e9) {
                steadySum += took[i];
                steadyCalls++;
            }
        }
        double steady = steadyCalls == 0 ? Double.NaN : steadySum / (double) steadyCalls;
        int settled = -1;
        for (int i = 0; i < calls && settled < 0; i++) if (took[i] <= 1.5 * steady) settled = i;
        System.out.printf(Locale.ROOT, "%-8s warm-up %.2f s | first call %.0f ns a pair | within 1.5× of steady from call %d, %.2f s into the calls | "
                + "steady %.2f ns a pair (%d calls) | %s%n",
                warm ? "warm" : "cold", warmSeconds, took[0] / pairs, settled, settled < 0 ? Double.NaN : ends[settled] / 1e9,
                steady / pairs, steadyCalls, rows + "×" + cols + " block, d = " + d);
        // the checksum keeps the loop's results live
        double s = 0;
        for (double v : block) s += v;
        if (Double.isNaN(s)) System.out.println("(NaN in the block)");
    }
}
