package org.wideneck.app;

import org.wideneck.app.sweep.Planner;
import org.wideneck.app.predict.Predict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.data.Npy;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.app.ml.WideneckModel;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunPlan;
import org.wideneck.app.ml.WideneckMLTest;
import org.wideneck.core.run.FinalOutputs;
import org.wideneck.spark.SparkContexts;

/**
 * A real HDFS (Hadoop's MiniDFSCluster: a namenode and a datanode in this JVM) under the whole Spark-native
 * path: data as Parquet (MLlib vector features) on HDFS → a sweep (data.source = spark) → metrics, run.json,
 * report, figures, metrics.parquet and models on HDFS, read back and compared bitwise with the same sweep
 * of the same points read from local .npy; {@code --resume} of the finished sweep on HDFS (its lock, its
 * resume.json); then the saved model from HDFS through {@code submit/predict} (HDFS data to HDFS
 * predictions) and Spark ML's {@code WideneckModel.load}, both giving the run's own final test outputs bitwise.
 */
class HdfsIT {
    @TempDir
    static Path tmp;
    static MiniDFSCluster dfs;
    static String hdfs;
    static final int N = 300, M = 1100, D0 = 5;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        hdfs = dfs.getURI().toString();
    }

    @AfterAll
    static void stop() {
        if (dfs != null) dfs.shutdown();
    }

    static double[] points(SplittableRandom r, int n) {
        double[] x = new double[n * D0];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        return x;
    }

    static long[] labels(double[] x, int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = (x[i * D0] > 0 ? 1 : 0) + (x[i * D0 + 1] > 0.5 ? 1 : 0);
        return y;
    }

    static void parquet(SparkSession spark, double[] x, long[] y, int n, String at) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(RowFactory.create(Vectors.dense(Arrays.copyOfRange(x, i * D0, (i + 1) * D0)), (int) y[i]));
        spark.createDataFrame(rows, new StructType(new StructField[] {new StructField("features", new VectorUDT(), false, Metadata.empty()),
                new StructField("label", DataTypes.IntegerType, false, Metadata.empty())})).coalesce(1).write().parquet(at);
    }

    static List<String> withoutWall(String csv) {
        List<String> rows = new ArrayList<>();
        for (String line : csv.split("\n")) rows.add(String.join(",", Arrays.copyOf(line.split(","), 6)));
        return rows;
    }

    /**
     * Runs a command in-process and fails, if it does not exit 0, with what it printed on standard error and
     * the error log its one-line message names (on HDFS or local): a failure on CI carries its cause.
     */
    static void succeeds(java.util.function.IntSupplier command, String what) {
        StdErr r = StdErr.of(command);
        System.err.print(r.err());
        if (r.code() == 0) return;
        String log = "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(details in (.+)\\)").matcher(r.err());
        if (m.find()) {
            org.apache.hadoop.fs.Path at = new org.apache.hadoop.fs.Path(m.group(1));
            try (java.io.InputStream in = at.getFileSystem(HadoopConf.defaults().configuration()).open(at)) {
                log = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                log = "(" + m.group(1) + " unreadable: " + e + ")";
            }
        }
        org.junit.jupiter.api.Assertions.fail(what + " exited " + r.code() + ":\n" + r.err() + log);
    }

    @Test
    void aSweepFromParquetOnHdfsToHdfsEqualsTheLocalNpySweepAndItsModelPredictsBitwise() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = points(r, N), xt = points(r, M);
        long[] y = labels(x, N), yt = labels(xt, M);
        Npy.writeFloat64(tmp.resolve("x.npy"), x, N, D0);
        Npy.writeInt64(tmp.resolve("y.npy"), y, N);
        Npy.writeFloat64(tmp.resolve("xt.npy"), xt, M, D0);
        Npy.writeInt64(tmp.resolve("yt.npy"), yt, M);
        try (SparkSession spark = SparkContexts.session("write", "local[2]", java.util.Map.of())) {
            parquet(spark, x, y, N, hdfs + "/data/train.parquet");
            parquet(spark, xt, yt, M, hdfs + "/data/test.parquet");
        }
        String common = "model.widths = [inf, 8]\ninit { width = 400, inf-width = 200 }\n"
                + "train { steps = 60, eval-every = 20, batch-size = 10, learning-rate = 1.0, checkpoint-every = 25 }\n"
                + "data.standardize = global\noutput.model = true\nspark.master = \"local[2]\"\n";
        Path viaHdfs = tmp.resolve("hdfs.conf"), viaNpy = tmp.resolve("npy.conf");
        Files.writeString(viaHdfs, common + "data { source = spark, spark { train-path = \"" + hdfs + "/data/train.parquet\", test-path = \""
                + hdfs + "/data/test.parquet\" } }\noutput.dir = \"" + hdfs + "/out/sweep\"\n");
        Files.writeString(viaNpy, common + "data { source = npy, npy { train-x = \"" + tmp.resolve("x.npy") + "\", train-y = \"" + tmp.resolve("y.npy")
                + "\", test-x = \"" + tmp.resolve("xt.npy") + "\", test-y = \"" + tmp.resolve("yt.npy") + "\" } }\noutput.dir = \"" + tmp.resolve("local")
                + "\"\n");
        // the .npy path reads Hadoop URIs too: the same files on HDFS give the same points
        FileStore data = FileStores.open(hdfs + "/npy", HadoopConf.defaults());
        for (String f : new String[] {"x.npy", "y.npy", "xt.npy", "yt.npy"}) data.write(f, Files.readAllBytes(tmp.resolve(f)));
        Problem local = DataLoader.load(ConfigLoader.load(viaNpy.toString(), List.of()).data());
        Problem remote = DataLoader.load(ConfigLoader.load(viaNpy.toString(), List.of("data.npy.train-x=\"" + hdfs + "/npy/x.npy\"",
                "data.npy.train-y=\"" + hdfs + "/npy/y.npy\"", "data.npy.test-x=\"" + hdfs + "/npy/xt.npy\"", "data.npy.test-y=\"" + hdfs
                + "/npy/yt.npy\"")).data(), HadoopConf.defaults());
        assertArrayEquals(local.train().x(), remote.train().x(), 0.0);
        assertArrayEquals(local.test().y(), remote.test().y(), 0.0);

        succeeds(() -> Main.run(new String[] {viaHdfs.toString()}), "the HDFS sweep");
        succeeds(() -> Main.run(new String[] {viaNpy.toString()}), "the .npy sweep");

        FileStore out = FileStores.open(hdfs + "/out/sweep", HadoopConf.defaults());
        String csv = out.readString("metrics.csv");
        assertEquals(withoutWall(Files.readString(tmp.resolve("local/metrics.csv"))), withoutWall(csv), "HDFS Parquet sweep = local .npy sweep");
        for (String f : new String[] {"run.json", "resume.json", "features.csv", "acceleration.csv", "report.html", "figures/train-loss.png",
                "metrics.parquet", "models/8-seed1-lr1/model.bin", "models/inf-seed1-lr1/model.json"}) {
            assertTrue(out.isFile(f), f + " on HDFS");
        }
        assertTrue(!out.exists("checkpoints"), "the runs' checkpoints were removed once their results were written");
        assertTrue(out.readString("run.json").contains("\"model\" : \"" + hdfs + "/out/sweep/models/8-seed1-lr1\""));

        // --resume of the finished sweep: its resume.json and lock on HDFS; every run kept
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            succeeds(() -> Main.run(new String[] {"--resume", hdfs + "/out/sweep"}), "--resume of the finished sweep");
        } finally {
            System.setOut(old);
        }
        assertTrue(buf.toString().contains("2 of 2 run(s) finished before; 0 to go"), buf.toString());
        assertEquals(withoutWall(csv), withoutWall(out.readString("metrics.csv")));

        // the model from HDFS, applied to the test points on HDFS, with predictions written to HDFS
        WideneckConfig cfg = ConfigLoader.load(viaNpy.toString(), List.of());
        Problem p = DataLoader.load(cfg.data());
        for (RunPlan plan : Planner.plans(cfg, p)) {
            double[] want = FinalOutputs.test(plan, p);
            String model = hdfs + "/out/sweep/models/" + plan.key(), pred = hdfs + "/out/pred-" + plan.widthLabel();
            succeeds(() -> Predict.run(new String[] {model, hdfs + "/data/test.parquet", pred, "spark.master=\"local[2]\""}), "submit/predict");
            try (SparkSession spark = SparkContexts.session("read", "local[2]", java.util.Map.of())) {
                assertArrayEquals(want, WideneckMLTest.outputs(spark.read().parquet(pred + "/predictions.parquet").orderBy("row"), "outputs"), 0.0,
                        "submit/predict, width " + plan.widthLabel());
                org.apache.spark.sql.Dataset<Row> test = spark.read().parquet(hdfs + "/data/test.parquet").coalesce(1);
                assertArrayEquals(want, WideneckMLTest.outputs(WideneckModel.load(model).transform(test), "outputs"), 0.0,
                        "WideneckModel.load(hdfs://…).transform, width " + plan.widthLabel());
                List<Row> metrics = spark.read().parquet(hdfs + "/out/sweep/metrics.parquet").collectAsList();
                List<String> fromParquet = new ArrayList<>();
                for (Row m : metrics) {
                    fromParquet.add(m.getString(0) + "," + m.getLong(1) + "," + m.getInt(3) + "," + m.getString(4) + "," + m.getDouble(5) + ","
                            + (m.isNullAt(6) ? "" : Double.toString(m.getDouble(6))));
                    assertEquals(1.0, m.getDouble(2), "learning_rate");
                }
                assertEquals(withoutWall(csv).subList(1, withoutWall(csv).size()), fromParquet, "metrics.parquet holds metrics.csv's rows");
            }
        }
    }
}
