package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.spark.SparkContexts;

/**
 * data.source = spark on a local Spark session: the same points read from Parquet (MLlib vectors), CSV
 * (one column per feature), LibSVM (sparse vectors) and JSON (arrays) give the same Problem bitwise, labels
 * become classes or targets as data.spark.label-type says, and every kind of bad data is one UserError.
 */
class SparkDataTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;
    static final int N = 24, M = 10, D0 = 4;

    @BeforeAll
    static void start() {
        spark = SparkContexts.session("SparkDataTest", "local[2]", java.util.Map.of());
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Point i of a split: features with a few exact zeros (LibSVM drops them) and 3 classes. */
    static double[] x(int i, int split) {
        double[] v = new double[D0];
        for (int j = 0; j < D0; j++) v[j] = (i + j) % 3 == 0 ? 0.0 : Math.sin(1.7 * i + 0.3 * j + split) / (1 + j);
        return v;
    }

    static int label(int i) {
        return (i * 7) % 3;
    }

    static StructType schema(org.apache.spark.sql.types.DataType features, org.apache.spark.sql.types.DataType label) {
        return new StructType(new StructField[] {new StructField("features", features, false, Metadata.empty()),
                new StructField("label", label, true, Metadata.empty())});
    }

    static String write(String name, String format, int split, int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object f = format.equals("json") ? toList(x(i, split)) : Vectors.dense(x(i, split));
            Object l = format.equals("libsvm") ? (Object) (double) label(i) : (Object) label(i);
            rows.add(RowFactory.create(f, l));
        }
        StructType s = schema(format.equals("json") ? DataTypes.createArrayType(DataTypes.DoubleType) : new VectorUDT(),
                format.equals("libsvm") ? DataTypes.DoubleType : DataTypes.IntegerType);
        org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(rows, s).coalesce(1);
        String path = tmp.resolve(name + "-" + split).toString();
        if (format.equals("csv")) { // one column per feature
            List<org.apache.spark.sql.Column> cols = new ArrayList<>();
            org.apache.spark.sql.Column arr = org.apache.spark.ml.functions.vector_to_array(df.col("features"), "float64");
            for (int j = 0; j < D0; j++) cols.add(arr.getItem(j).as("x" + j));
            cols.add(df.col("label"));
            df.select(cols.toArray(new org.apache.spark.sql.Column[0])).write().option("header", "true").csv(path);
        } else if (format.equals("libsvm")) { // label first, as LibSVM has it
            df.select("label", "features").write().format(format).save(path);
        } else {
            df.write().format(format).save(path);
        }
        return path;
    }

    static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) l.add(d);
        return l;
    }

    static WideneckConfig.Data cfg(String format, String train, String test, String extra) {
        String text = "data { source = spark, spark { format = " + format + ", train-path = \"" + train + "\", test-path = \"" + test + "\" "
                + extra + " } }";
        return ConfigLoader.fromConfig("t", ConfigFactory.parseString(text)).data();
    }

    static void assertExpected(Problem p) {
        assertEquals(N, p.train().size());
        assertEquals(M, p.test().size());
        assertEquals(D0, p.d0());
        assertEquals(3, p.dr());
        for (int i = 0; i < N; i++) {
            assertArrayEquals(x(i, 0), java.util.Arrays.copyOfRange(p.train().x(), i * D0, (i + 1) * D0), 0.0, "train row " + i);
            assertEquals(label(i), p.train().labels()[i]);
            assertEquals(1.0, p.train().y()[i * 3 + label(i)]);
        }
        for (int i = 0; i < M; i++) assertArrayEquals(x(i, 1), java.util.Arrays.copyOfRange(p.test().x(), i * D0, (i + 1) * D0), 0.0);
    }

    @Test
    void parquetCsvLibsvmAndJsonGiveTheSamePointsBitwise() {
        assertExpected(SparkData.load(spark, cfg("parquet", write("pq", "parquet", 0, N), write("pq", "parquet", 1, M), "")));
        assertExpected(SparkData.load(spark, cfg("csv", write("csv", "csv", 0, N), write("csv", "csv", 1, M),
                ", features-col = \"*\", options { header = true, inferSchema = true }")));
        assertExpected(SparkData.load(spark, cfg("libsvm", write("svm", "libsvm", 0, N), write("svm", "libsvm", 1, M),
                ", options { numFeatures = " + D0 + " }")));
        assertExpected(SparkData.load(spark, cfg("json", write("js", "json", 0, N), write("js", "json", 1, M), "")));
    }

    @Test
    void labelsAreTargetsWhenAskedAndSubsetsAndStandardisationApply() {
        String tr = write("t", "parquet", 0, N), te = write("t", "parquet", 1, M);
        Problem reg = SparkData.load(spark, cfg("parquet", tr, te, ", label-type = target"));
        assertEquals(1, reg.dr());
        assertNull(reg.train().labels());
        assertEquals(label(5), reg.train().y()[5], 0.0);
        WideneckConfig.Data sub = ConfigLoader.fromConfig("t", ConfigFactory.parseString("data { source = spark, spark { train-path = \"" + tr
                + "\", test-path = \"" + te + "\" }, train-size = 10, classes = [2, 0], standardize = feature }")).data();
        Problem p = SparkData.load(spark, sub);
        assertEquals(2, p.dr());
        assertTrue(p.train().size() <= 10);
        double mean = 0;
        for (int i = 0; i < p.train().size(); i++) mean += p.train().x()[i * D0 + 1];
        assertEquals(0.0, mean / p.train().size(), 1e-12, "standardised with the training statistics");
    }

    @Test
    void badDataIsOneUserErrorNamingTheProblem() {
        String tr = write("bad", "parquet", 0, N), te = write("bad", "parquet", 1, M);
        assertRefused("Spark cannot read it", cfg("parquet", tmp.resolve("none").toString(), te, ""));
        assertRefused("Spark cannot read it as nosuchformat", cfg("nosuchformat", tr, te, ""));
        assertRefused("has no such column", cfg("parquet", tr, te, ", label-col = y"));
        assertRefused("has no such column", cfg("parquet", tr, te, ", features-col = z"));
        // a float label that is not a class index, with label-type = auto
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) rows.add(RowFactory.create(Vectors.dense(x(i, 0)), i == 3 ? 0.5 : (double) label(i)));
        String half = tmp.resolve("half").toString();
        spark.createDataFrame(rows, schema(new VectorUDT(), DataTypes.DoubleType)).coalesce(1).write().parquet(half);
        assertRefused("holds 0.5 at row 3", cfg("parquet", half, te, ""));
        // NaN, a null label, vectors of two lengths, a string feature column
        rows.clear();
        for (int i = 0; i < N; i++) rows.add(RowFactory.create(Vectors.dense(i == 4 ? new double[] {1, Double.NaN, 0, 0} : x(i, 0)), label(i)));
        assertRefused("holds NaN at row 4, feature 1", cfg("parquet", save(rows, "nan", DataTypes.IntegerType), te, ""));
        rows.set(4, RowFactory.create(Vectors.dense(x(4, 0)), null));
        assertRefused("row 4 has no label", cfg("parquet", save(rows, "null", DataTypes.IntegerType), te, ""));
        rows.set(4, RowFactory.create(Vectors.dense(1, 2), 1));
        assertRefused("row 4 has 2 features but row 0 has 4", cfg("parquet", save(rows, "ragged", DataTypes.IntegerType), te, ""));
        assertRefused("features must be an MLlib vector", cfg("parquet", tr, te, ", features-col = label, label-col = features"));
        // test features of another dimension; a test class the training set lacks
        rows.clear();
        for (int i = 0; i < M; i++) rows.add(RowFactory.create(Vectors.dense(1, 2, 3), label(i)));
        assertRefused("has 3 features per point but data.spark.train-path has 4", cfg("parquet", tr, save(rows, "d3", DataTypes.IntegerType), ""));
        rows.clear();
        for (int i = 0; i < M; i++) rows.add(RowFactory.create(Vectors.dense(x(i, 1)), i == 2 ? 7 : label(i)));
        assertRefused("label 7 at row 2 does not occur", cfg("parquet", tr, save(rows, "c7", DataTypes.IntegerType), ""));
    }

    @Test
    void configKeysAreCheckedBeforeSparkReadsAnything() {
        assertConfigRefused("needs data.spark.train-path", "data { source = spark, spark.test-path = x }");
        assertConfigRefused("is also data.spark.features-col", "data { source = spark, spark { train-path = a, test-path = b, label-col = features } }");
        assertConfigRefused("applies to data.source = spark only", "data { source = synthetic, spark.format = csv }");
        assertConfigRefused("applies to data.source = spark only", "data { source = synthetic, spark.options.header = true }");
        assertConfigRefused("must be one of auto, class, target", "data { source = spark, spark { train-path = a, test-path = b, label-type = classes } }");
        assertConfigRefused("applies to the image sources", "data { source = spark, dir = x, spark { train-path = a, test-path = b } }");
    }

    static String save(List<Row> rows, String name, org.apache.spark.sql.types.DataType label) {
        String path = tmp.resolve(name).toString();
        spark.createDataFrame(rows, schema(new VectorUDT(), label)).coalesce(1).write().parquet(path);
        return path;
    }

    static void assertRefused(String expected, WideneckConfig.Data c) {
        UserError e = assertThrows(UserError.class, () -> SparkData.load(spark, c));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    static void assertConfigRefused(String expected, String hocon) {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.fromConfig("t", ConfigFactory.parseString(hocon)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    /** A unused-variable guard for the Dataset import (the core's, not Spark's). */
    static int size(Dataset d) {
        return d.size();
    }
}
