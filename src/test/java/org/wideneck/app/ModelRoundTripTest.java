package org.wideneck.app;

import org.wideneck.app.sweep.Planner;
import org.wideneck.app.predict.Predict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.data.Npy;
import org.wideneck.app.data.NpyArray;
import org.wideneck.core.data.Problem;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.run.FinalOutputs;
import org.wideneck.spark.SparkContexts;

/**
 * A sweep that saves its models (output.model = true), then {@code submit/predict}'s code on the run's own
 * test inputs: the predictions are the run's final test outputs bitwise — through .npy and through Parquet
 * input, with standardised inputs (the model applies its training statistics) and class labels remapped by
 * data.classes; bad prediction input is one line and exit 2, with nothing written.
 */
class ModelRoundTripTest {
    @TempDir
    Path tmp;

    static StdErr predict(String... args) {
        return StdErr.of(() -> Predict.run(args));
    }

    /** Labels 0..3 with a 3-class subset [3, 1, 0] kept, 1300 test points (a full block of 1024 and a partial one). */
    Path data() throws IOException {
        SplittableRandom r = new SplittableRandom(9);
        int n = 240, m = 1300, d0 = 6;
        double[] x = new double[n * d0], xt = new double[m * d0];
        for (int i = 0; i < x.length; i++) x[i] = 3 + 2 * r.nextGaussian();
        for (int i = 0; i < xt.length; i++) xt[i] = 3 + 2 * r.nextGaussian();
        long[] y = new long[n], yt = new long[m];
        for (int i = 0; i < n; i++) y[i] = (x[i * d0] > 3 ? 1 : 0) + (x[i * d0 + 1] > 3 ? 2 : 0);
        for (int i = 0; i < m; i++) yt[i] = (xt[i * d0] > 3 ? 1 : 0) + (xt[i * d0 + 1] > 3 ? 2 : 0);
        Npy.writeFloat64(tmp.resolve("x.npy"), x, n, d0);
        Npy.writeInt64(tmp.resolve("y.npy"), y, n);
        Npy.writeFloat64(tmp.resolve("xt.npy"), xt, m, d0);
        Npy.writeInt64(tmp.resolve("yt.npy"), yt, m);
        Path c = tmp.resolve("m.conf");
        Files.writeString(c, "data { source = npy, classes = [3, 1, 0], standardize = feature, npy { train-x = \"" + tmp.resolve("x.npy")
                + "\", train-y = \"" + tmp.resolve("y.npy") + "\", test-x = \"" + tmp.resolve("xt.npy") + "\", test-y = \"" + tmp.resolve("yt.npy")
                + "\" } }\nmodel.widths = [inf, 5]\ninit { width = 300, inf-width = 200 }\n"
                + "train { steps = 30, eval-every = 10, batch-size = 10, learning-rate = 1.0 }\noutput { model = true, features = false }\n"
                + "spark.master = \"local[2]\"\n");
        return c;
    }

    @Test
    void predictionsOfASavedModelAreTheRunsOwnTestOutputsBitwise() throws IOException {
        Path c = data();
        Path out = tmp.resolve("sweep");
        assertEquals(0, Main.run(new String[] {c.toString(), "output.dir=" + out}));
        String json = Files.readString(out.resolve("run.json"));
        assertTrue(json.contains("\"model\" : \"" + out.resolve("models/inf-seed1-lr1") + "\""), json);

        WideneckConfig cfg = ConfigLoader.load(c.toString(), List.of("output.dir=" + out));
        Problem p = DataLoader.load(cfg.data());
        // the test points of the data (the subset of classes 3, 1, 0) as the user has them: raw, before standardising
        NpyArray raw = Npy.read(tmp.resolve("xt.npy"));
        NpyArray ys = Npy.read(tmp.resolve("yt.npy"));
        List<double[]> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < raw.rows(); i++) {
            int l = (int) ys.values()[i];
            if (l == 2) continue;
            kept.add(java.util.Arrays.copyOfRange(raw.values(), i * 6, (i + 1) * 6));
            labels.add(l);
        }
        double[] xs = new double[kept.size() * 6];
        for (int i = 0; i < kept.size(); i++) System.arraycopy(kept.get(i), 0, xs, i * 6, 6);
        assertEquals(p.test().size(), kept.size());
        Npy.writeFloat64(tmp.resolve("points.npy"), xs, kept.size(), 6);

        try (SparkSession spark = SparkContexts.session("write", "local[2]", java.util.Map.of())) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) rows.add(RowFactory.create(Vectors.dense(kept.get(i)), "p" + i));
            var df = spark.createDataFrame(rows, new StructType(new StructField[] {new StructField("pixels", new VectorUDT(), false, Metadata.empty()),
                    new StructField("key", DataTypes.StringType, false, Metadata.empty())}));
            df.coalesce(1).write().parquet(tmp.resolve("points.parquet").toString()); // one file: read in its order
            df.repartition(3).write().parquet(tmp.resolve("shuffled.parquet").toString()); // three files in another order: found by key
        }
        for (RunPlan plan : Planner.plans(cfg, p)) {
            double[] want = FinalOutputs.test(plan, p);
            Path model = out.resolve("models").resolve(plan.key());
            Path viaNpy = tmp.resolve("npy-" + plan.widthLabel());
            StdErr r = predict(model.toString(), tmp.resolve("points.npy").toString(), viaNpy.toString(), "spark.master=\"local[2]\"");
            assertEquals(0, r.code(), r.err());
            assertArrayEquals(want, Npy.read(viaNpy.resolve("outputs.npy")).values(), 0.0, "width " + plan.widthLabel() + " through .npy");

            Path viaParquet = tmp.resolve("pq-" + plan.widthLabel());
            r = predict(model.toString(), tmp.resolve("points.parquet").toString(), viaParquet.toString(), "features-col=pixels",
                    "spark.master=\"local[3]\"", "threads=1");
            assertEquals(0, r.code(), r.err());
            try (SparkSession spark = SparkContexts.session("read", "local[2]", java.util.Map.of())) {
                List<Row> got = spark.read().parquet(viaParquet.resolve("predictions.parquet").toString()).orderBy("row").collectAsList();
                assertEquals(kept.size(), got.size());
                double[] f = new double[got.size() * 3];
                int agree = 0;
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(i, got.get(i).getLong(0));
                    System.arraycopy(((Vector) got.get(i).get(1)).toArray(), 0, f, i * 3, 3);
                    double pred = got.get(i).getDouble(2);
                    assertTrue(pred == 3 || pred == 1 || pred == 0, "a class label of data.classes: " + pred);
                    if (pred == labels.get(i)) agree++;
                }
                assertArrayEquals(want, f, 0.0, "width " + plan.widthLabel() + " through Parquet");
                assertTrue(agree > got.size() / 2, "the predictions are mostly right: " + agree + " of " + got.size());
            }
            Path viaKeys = tmp.resolve("keys-" + plan.widthLabel());
            r = predict(model.toString(), tmp.resolve("shuffled.parquet").toString(), viaKeys.toString(), "features-col=pixels", "id-col=key",
                    "spark.master=\"local[2]\"");
            assertEquals(0, r.code(), r.err());
            try (SparkSession spark = SparkContexts.session("read", "local[2]", java.util.Map.of())) {
                List<Row> got = spark.read().parquet(viaKeys.resolve("predictions.parquet").toString()).collectAsList();
                assertEquals(kept.size(), got.size());
                for (Row g : got) { // another order, other block offsets: the same function to rounding
                    int i = Integer.parseInt(g.getString(1).substring(1));
                    double[] o = ((Vector) g.get(2)).toArray();
                    for (int k = 0; k < 3; k++) assertEquals(want[i * 3 + k], o[k], 1e-12 * (1 + Math.abs(o[k])), "point " + i);
                }
            }
        }

        // bad input: one line, exit 2, no OUT written
        Path model = out.resolve("models/5-seed1-lr1");
        assertRefused("is not a wideneck model directory", tmp.resolve("none").toString(), tmp.resolve("points.npy").toString(), tmp.resolve("o1").toString());
        Npy.writeFloat64(tmp.resolve("d4.npy"), new double[8], 2, 4);
        assertRefused("the model takes (N, 6)", model.toString(), tmp.resolve("d4.npy").toString(), tmp.resolve("o2").toString());
        assertRefused("unknown key 'colour'", model.toString(), tmp.resolve("points.npy").toString(), tmp.resolve("o3").toString(), "colour=red");
        assertRefused("cannot tell the format", model.toString(), tmp.resolve("points.bin").toString(), tmp.resolve("o4").toString());
        assertRefused("has no such column", model.toString(), tmp.resolve("points.parquet").toString(), tmp.resolve("o5").toString());
        assertRefused("already holds predictions", model.toString(), tmp.resolve("points.npy").toString(), tmp.resolve("npy-5").toString());
        byte[] bin = Files.readAllBytes(model.resolve("model.bin"));
        bin[bin.length / 2] ^= 1;
        Files.write(model.resolve("model.bin"), bin);
        assertRefused("SHA-256 checksum does not match", model.toString(), tmp.resolve("points.npy").toString(), tmp.resolve("o6").toString());
    }

    void assertRefused(String expected, String... args) {
        StdErr r = predict(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in " + r.err());
        assertFalse(Files.exists(Path.of(args[2]).resolve("predictions.parquet")) && !args[2].endsWith("npy-5"), "nothing written");
    }
}
