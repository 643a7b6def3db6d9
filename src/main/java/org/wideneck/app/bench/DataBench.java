package org.wideneck.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import com.typesafe.config.ConfigFactory;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.data.Npy;
import org.wideneck.app.data.SparkData;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.spark.SparkContexts;

/**
 * What reading MNIST costs by each path ({@code submit/bench data [key=value ...]}):
 * the IDX files (data.source = mnist), the same points as float64 .npy files (data.source = npy), and as
 * Parquet with MLlib vector features through the Spark session (data.source = spark) — wall seconds, the
 * heap's peak during the load and what stays after it (after a GC), and the Spark session's own start. The
 * three give the same Problem bitwise (checked).
 */
public final class DataBench {
    private DataBench() {}

    /** The keys of the data case. */
    static final List<Keys.Key> KEYS = List.of(
            Keys.key("dir", "\"datasets/cache\"", "Where datasets/fetch put mnist/.", "a directory holding mnist/"),
            Keys.key("tmp", "\"-\"", "Where the .npy and Parquet copies go while measured; - = the JVM's temp directory.", "a writable directory"),
            Keys.key("master", "\"local[*]\"", "The Spark master of the Parquet read.", "a local master"));

    /** Runs the case on validated settings. */
    static void run(ToolSettings s) throws Exception {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("dir", s.string("dir"));
        p.put("tmp", s.string("tmp").equals("-") ? System.getProperty("java.io.tmpdir") : s.string("tmp"));
        p.put("master", s.string("master"));
        if (!p.get("master").matches("local(\\[(\\*|[1-9][0-9]*)\\])?")) throw s.bad("master", "must be local, local[N] or local[*]");
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.isRegularFile(Path.of(p.get("dir"), "mnist", f))) {
                throw s.bad("dir", "holds no mnist/" + f + " (run datasets/fetch mnist, or give dir=…)");
            }
        }
        if (!Files.isDirectory(Path.of(p.get("tmp"))) || !Files.isWritable(Path.of(p.get("tmp")))) throw s.bad("tmp", "is not a writable directory");
        Path work = Files.createTempDirectory(Path.of(p.get("tmp")), "wideneck-databench");
        System.out.printf(Locale.ROOT, "wideneck bench data: MNIST from %s, files in %s, Spark %s, max heap %.1f GB%n", p.get("dir"), work, p.get("master"),
                Runtime.getRuntime().maxMemory() / 1e9);
        Measured idx = measure(() -> DataLoader.load(data("source = mnist, dir = \"" + p.get("dir") + "\"")));
        Problem ref = idx.problem();
        report("IDX files (data.source = mnist)", idx, size(Path.of(p.get("dir"), "mnist")));
        Measured idx2 = measure(() -> DataLoader.load(data("source = mnist, dir = \"" + p.get("dir") + "\"")));
        report("IDX files, second read", idx2, size(Path.of(p.get("dir"), "mnist")));

        Path npy = work.resolve("npy");
        Files.createDirectories(npy);
        Npy.writeFloat64(npy.resolve("train-x.npy"), ref.train().x(), ref.train().size(), ref.d0());
        Npy.writeFloat64(npy.resolve("test-x.npy"), ref.test().x(), ref.test().size(), ref.d0());
        Npy.writeInt64(npy.resolve("train-y.npy"), longs(ref.train().labels()), ref.train().size());
        Npy.writeInt64(npy.resolve("test-y.npy"), longs(ref.test().labels()), ref.test().size());
        Measured viaNpy = measure(() -> DataLoader.load(data("source = npy, npy { train-x = \"" + npy.resolve("train-x.npy") + "\", train-y = \""
                + npy.resolve("train-y.npy") + "\", test-x = \"" + npy.resolve("test-x.npy") + "\", test-y = \"" + npy.resolve("test-y.npy") + "\" }")));
        report(".npy, float64 (data.source = npy)", viaNpy, size(npy));
        Measured viaNpy2 = measure(() -> DataLoader.load(data("source = npy, npy { train-x = \"" + npy.resolve("train-x.npy") + "\", train-y = \""
                + npy.resolve("train-y.npy") + "\", test-x = \"" + npy.resolve("test-x.npy") + "\", test-y = \"" + npy.resolve("test-y.npy") + "\" }")));
        report(".npy, second read", viaNpy2, size(npy));
        same(ref, viaNpy.problem(), "npy");

        long t0 = System.nanoTime();
        try (SparkSession spark = SparkContexts.session("wideneck bench data", p.get("master"), Map.of())) {
            spark.sparkContext().setLogLevel("ERROR");
            double session = (System.nanoTime() - t0) * 1e-9;
            Path pq = work.resolve("parquet");
            write(spark, ref.train(), pq.resolve("train.parquet").toString());
            write(spark, ref.test(), pq.resolve("test.parquet").toString());
            System.out.printf(Locale.ROOT, "%-46s %6.2f s (the session's start, before any data)%n", "Spark session", session);
            for (String pass : new String[] {"first read", "second read"}) {
                Measured viaSpark = measure(() -> SparkData.load(spark, data("source = spark, spark { train-path = \"" + pq.resolve("train.parquet")
                        + "\", test-path = \"" + pq.resolve("test.parquet") + "\" }")));
                report("Parquet via Spark (data.source = spark), " + pass, viaSpark, size(pq));
                same(ref, viaSpark.problem(), "spark");
            }
        }
        try (var walk = Files.walk(work)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    private static WideneckConfig.Data data(String hocon) {
        return ConfigLoader.fromConfig("bench", ConfigFactory.parseString("data { " + hocon + " }")).data();
    }

    private record Measured(Problem problem, double seconds, long peakBytes) {}

    /** The load's wall seconds and the heap's peak above its level before (sampled every 5 ms). */
    private static Measured measure(java.util.function.Supplier<Problem> load) {
        System.gc();
        long before = usedHeap();
        long[] peak = {before};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], usedHeap());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        Problem p = load.get();
        double s = (System.nanoTime() - t0) * 1e-9;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Measured(p, s, Math.max(0, Math.max(peak[0], usedHeap()) - before));
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void report(String what, Measured m, long fileBytes) {
        Problem q = m.problem();
        long data = 8L * (q.train().x().length + q.test().x().length + q.train().y().length + q.test().y().length);
        System.out.printf(Locale.ROOT, "%-46s %6.2f s, files %7.1f MB, heap peak %7.1f MB above the start (the points: %.1f MB of doubles)%n", what,
                m.seconds(), fileBytes / 1e6, m.peakBytes() / 1e6, data / 1e6);
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long[] longs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        return l;
    }

    private static void write(SparkSession spark, Dataset d, String at) {
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) rows.add(RowFactory.create(Vectors.dense(d.gatherX(new int[] {i}, 0, 1)), d.labels()[i]));
        spark.createDataFrame(rows, new StructType(new StructField[] {new StructField("features", new VectorUDT(), false, Metadata.empty()),
                new StructField("label", DataTypes.IntegerType, false, Metadata.empty())})).coalesce(1).write().parquet(at);
    }

    private static void same(Problem a, Problem b, String what) {
        if (!java.util.Arrays.equals(a.train().x(), b.train().x()) || !java.util.Arrays.equals(a.test().x(), b.test().x())
                || !java.util.Arrays.equals(a.train().labels(), b.train().labels())) {
            throw new AssertionError("the " + what + " path gave other points than the IDX files");
        }
    }
}
