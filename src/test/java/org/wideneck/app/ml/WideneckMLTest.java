package org.wideneck.app.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
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
import org.wideneck.core.data.Split;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.spark.SparkContexts;

/**
 * The Spark ML pair: fit trains the core's run on a data frame's rows (held-out rows as test points), the
 * model's transform gives the core model's outputs (bitwise in one partition) and class predictions, and
 * it survives save/load on its own and inside a PipelineModel.
 */
public class WideneckMLTest {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkContexts.session("WideneckMLTest", "local[2]", java.util.Map.of());
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> frame(int n) {
        SplittableRandom r = new SplittableRandom(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            int label = x[0] + 0.5 * x[1] > 0 ? 1 : 0;
            rows.add(RowFactory.create(Vectors.dense(x), label, i % 5 == 0));
        }
        return spark.createDataFrame(rows, new StructType(new StructField[] {new StructField("features", new VectorUDT(), false, Metadata.empty()),
                new StructField("label", DataTypes.IntegerType, false, Metadata.empty()),
                new StructField("held", DataTypes.BooleanType, false, Metadata.empty())})).coalesce(1);
    }

    /** A vector column of a data frame, its rows one after another (also the HDFS test's). */
    public static double[] outputs(Dataset<Row> transformed, String col) {
        List<Row> rows = transformed.select(col).collectAsList();
        int dr = ((Vector) rows.get(0).get(0)).size();
        double[] f = new double[rows.size() * dr];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(((Vector) rows.get(i).get(0)).toArray(), 0, f, i * dr, dr);
        return f;
    }

    @Test
    void fitTransformSaveLoadAndPipeline() throws Exception {
        Dataset<Row> df = frame(300);
        WideneckEstimator est = new WideneckEstimator().setWidth(6).setSteps(40).setBatchSize(10).setLearningRate(1.0).setInitWidth(300)
                .setEvalEvery(20).setValidationIndicatorCol("held").setStandardize("feature").setThreads(2);
        WideneckModel m = est.fit(df);
        List<MetricPoint> metrics = m.trainingMetrics();
        assertEquals(6, metrics.size(), "train and test rows at steps 0, 20, 40: " + metrics);
        assertTrue(metrics.stream().anyMatch(p -> p.split() == Split.TEST));
        assertTrue(metrics.get(4).loss() < metrics.get(0).loss(), "the train loss fell: " + metrics);

        Dataset<Row> test = df.filter(df.col("held")).drop("held");
        Dataset<Row> out = m.transform(test);
        assertEquals(List.of("features", "label", "outputs", "prediction"), List.of(out.schema().fieldNames()));
        // the core model's outputs at the standardised test points, bitwise (one partition starting at row 0)
        List<Row> rows = test.collectAsList();
        double[] x = new double[rows.size() * 4];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(((Vector) rows.get(i).get(0)).toArray(), 0, x, i * 4, 4);
        m.info().transform().apply(x, rows.size(), 4);
        double[] want;
        try (Workers w = new Workers(2)) {
            want = m.trainedModel().outputs(x, rows.size(), w);
        }
        assertArrayEquals(want, outputs(out, "outputs"), 0.0);
        long right = out.filter("prediction = label").count();
        assertTrue(right > rows.size() * 0.7, "held-out accuracy " + right + " of " + rows.size());

        m.write().overwrite().save(tmp.resolve("model").toString());
        WideneckModel back = WideneckModel.load(tmp.resolve("model").toString());
        assertEquals(m.uid(), back.uid());
        assertArrayEquals(want, outputs(back.transform(test), "outputs"), 0.0, "saved and loaded");

        PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {est}).fit(df);
        pm.write().overwrite().save(tmp.resolve("pipeline").toString());
        PipelineModel pback = PipelineModel.load(tmp.resolve("pipeline").toString());
        assertTrue(pback.stages()[0] instanceof WideneckModel);
        assertArrayEquals(want, outputs(pback.transform(test), "outputs"), 0.0, "in a saved and loaded pipeline");

        est.write().overwrite().save(tmp.resolve("estimator").toString());
        assertEquals(6, Integer.parseInt(WideneckEstimator.load(tmp.resolve("estimator").toString()).getOrDefault(est.width())));
    }

    @Test
    void badInputIsNamed() {
        Dataset<Row> df = frame(50);
        String noLabel = assertThrows(IllegalArgumentException.class, () -> new WideneckEstimator().setLabelCol("y").fit(df)).getMessage();
        assertTrue(noLabel.contains("'y'"), noLabel);
        String batch = assertThrows(IllegalArgumentException.class,
                () -> new WideneckEstimator().setBatchSize(60).setInitWidth(50).setSteps(1).fit(df)).getMessage();
        assertTrue(batch.contains("exceeds the 50 training rows"), batch);
        assertThrows(IllegalArgumentException.class, () -> new WideneckEstimator().setWidth("wide"));
        String diverged = assertThrows(IllegalArgumentException.class,
                () -> new WideneckEstimator().setWidth("inf").setInitWidth(100).setSteps(50).setBatchSize(5).setLearningRate(1e4).fit(df)).getMessage();
        assertTrue(diverged.contains("diverged"), diverged);
    }
}
