package org.wideneck.app.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.apache.spark.api.java.JavaSparkContext;
import org.wideneck.spark.SparkContexts;

/**
 * What any run pays before and after its own work ({@code submit/bench floor [runs=3]}, one fresh JVM a run,
 * started with this JVM's options): the JVM's start up to {@code main}, Spark's local context as a run
 * starts it ({@link SparkContexts#create}), one trivial job (two partitions of four numbers, counted) and the
 * context's stop — each in wall seconds, and the process's CPU seconds (all threads: JIT compilers and the
 * collector included) when it ends. This is the floor of a wideneck command on the machine: no data, no
 * simulation, no report.
 */
public final class FloorBench {
    private FloorBench() {}

    /** The keys of the floor case. */
    static final List<Keys.Key> KEYS = List.of(Keys.key("runs", "3", "Fresh JVMs, one measurement each.", "integer 1 to 99"));

    /** Checks the settings, then measures in fresh JVMs. */
    static void run(ToolSettings p) throws java.io.IOException, InterruptedException {
        int runs = p.integer("runs", 1, 99);
        for (int i = 0; i < runs; i++) ChildJvm.run(FloorBench.class, List.of());
    }

    /** One measurement in this JVM, as {@link #run} starts it. */
    public static void main(String[] args) {
        double toMain = ManagementFactory.getRuntimeMXBean().getUptime() * 1e-3;
        long t0 = System.nanoTime();
        JavaSparkContext sc = SparkContexts.create("wideneck bench floor", "local[*]", Map.of());
        sc.setLogLevel("ERROR");
        long t1 = System.nanoTime();
        long n = sc.parallelize(List.of(1, 2, 3, 4), 2).map(x -> x * 2).count();
        long t2 = System.nanoTime();
        sc.stop();
        long t3 = System.nanoTime();
        double total = ManagementFactory.getRuntimeMXBean().getUptime() * 1e-3;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() * 1e-9;
        if (n != 4) throw new IllegalStateException("the trivial job counted " + n + " numbers, not 4");
        System.out.printf(Locale.ROOT, "JVM start to main %.2f s, Spark context %.2f s, first job %.2f s, stop %.2f s: %.2f s from the JVM's start, "
                        + "%.2f s of CPU on %d core(s)%n",
                toMain, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, (t3 - t2) * 1e-9, total, cpu, Runtime.getRuntime().availableProcessors());
    }
}
