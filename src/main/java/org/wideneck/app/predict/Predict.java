package org.wideneck.app.predict;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import java.io.IOException;
import org.wideneck.app.cli.Cli;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.Provenance;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.Keys;
import org.wideneck.app.data.DataLoader;
import org.wideneck.core.kernel.SimdWarmup;
import org.wideneck.app.config.PredictConfig;
import org.wideneck.app.config.UserError;
import org.wideneck.app.data.InputTransform;
import org.wideneck.app.data.Npy;
import org.wideneck.app.data.NpyArray;
import org.wideneck.app.data.SparkData;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.app.model.ModelFiles;
import org.wideneck.app.model.Prediction;
import org.wideneck.core.trained.TrainedModel;
import org.wideneck.spark.PredictJob;
import org.wideneck.spark.SparkContexts;

/**
 * {@code submit/predict MODEL DATA OUT [key=value ...]}: a saved model's outputs F_T at the points of DATA,
 * computed on Spark's executors ({@link PredictJob}: blocks of fixed size by row index, so every point gets
 * the bits the core gives it). DATA is an {@code .npy} file (N×d0) or anything Spark reads (Parquet, CSV,
 * JSON, ORC, LibSVM) with a features column; the model's input transform (data.standardize with its
 * training statistics) is applied first. OUT (local or a Hadoop URI) gets {@code predictions.parquet} (row — the position in DATA —, the id-col value,
 * outputs, prediction), {@code outputs.npy} when DATA is one, and {@code predict.json}.
 *
 * <p>Keys: {@code format} (by DATA's extension unless given), {@code features-col} (default features; "*" =
 * every numeric column), {@code options.K} (reader options), {@code threads} (per task; 0 = the task's
 * cores), {@code spark.master}, {@code spark.conf.K}. Exit 0, 2 for bad input (one line, nothing written), 1
 * for an internal error.
 */
public final class Predict implements Command {
    private FileStore out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command on these arguments; its exit status. */
    public static int run(String[] args) {
        return Cli.run(new Predict(), args);
    }

    @Override
    public String usage() {
        return "submit/predict MODEL DATA OUT [key=value ...]";
    }

    @Override
    public String summary() {
        return "A saved model's outputs F_T at the points of DATA, computed on Spark's executors: MODEL is a model directory "
                + "(<output.dir>/models/<width>-seed<r>-lr<μ>, saved with output.model = true); DATA an .npy file (N×d0) or anything Spark "
                + "reads (Parquet, CSV, JSON, ORC, LibSVM) with a features column; OUT (a new directory) gets predictions.parquet, "
                + "outputs.npy (for .npy DATA) and predict.json. Each may be a Hadoop URI.";
    }

    @Override
    public List<Keys.Key> keys() {
        return Keys.PREDICT;
    }

    @Override
    public FileStore errorLogDir() {
        return out;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (!line.flags().isEmpty()) throw new UserError("unknown option '" + line.flags().get(0) + "' (see --help)");
        if (line.positional().size() != 3) {
            throw new UserError("give MODEL DATA OUT, got " + line.positional().size() + " argument(s): " + usage());
        }
        String modelAt = line.positional().get(0), dataAt = line.positional().get(1);
        PredictConfig s = ConfigLoader.predict(dataAt, line.settings());
        HadoopConf hadoop = HadoopConf.of(s.sparkConf());
        SimdWarmup.inBackground();
        ModelFiles.Loaded model = ModelFiles.read(FileStores.open(modelAt, hadoop));
        FileStore dir = FileStores.open(line.positional().get(2), hadoop);
        dir.checkWritable("OUT");
        refuseHeld(dir);
        NpyArray npy = s.format().equals("npy") ? points(dataAt, hadoop, model.model().d0()) : null;
        // OUT is locked while written, so two predictions into one directory cannot both write it; a refusal from here on
        // leaves no directory that was not there before
        boolean existed = dir.isDirectory("");
        FileStore.Lock lock = dir.lock(); // refused (and nothing touched) while another command holds OUT
        try {
            try (lock) {
                refuseHeld(dir);
                out = dir;
                return predict(model, dataAt, npy, dir, s, hadoop, Provenance.of("submit/predict", line.args().toArray(new String[0])));
            }
        } catch (UserError e) {
            if (!existed) dir.deleteRecursively("");
            else if (dir.exists(".wideneck.lock")) dir.delete(".wideneck.lock");
            throw e;
        }
    }

    private static void refuseHeld(FileStore dir) {
        try {
            if (dir.exists("predict.json") || dir.exists("predictions.parquet")) {
                throw new UserError("OUT '" + dir.location() + "' already holds predictions; choose another directory");
            }
        } catch (IOException e) {
            throw new UserError("OUT '" + dir.location() + "' cannot be read: " + FileStores.oneLine(e));
        }
    }

    /** The points of an .npy file, checked: N×d0, finite (uint8 pixels scaled to [0, 1] as for training). */
    static NpyArray points(String at, HadoopConf hadoop, int d0) {
        NpyArray a = Npy.read(at, hadoop);
        if (a.shape().length != 2 || a.cols() != d0) {
            throw new UserError("DATA '" + at + "' has shape " + a.shapeString() + "; the model takes (N, " + d0 + ")");
        }
        if (a.integral() && !a.dtype().endsWith("u1")) throw new UserError("DATA '" + at + "' has dtype '" + a.dtype() + "'; expected float32 or float64");
        if (a.rows() < 1) throw new UserError("DATA '" + at + "' holds no points");
        a = DataLoader.scaledBytes(a);
        for (int i = 0; i < a.values().length; i++) {
            if (!Double.isFinite(a.values()[i])) throw new UserError("DATA '" + at + "' holds " + a.values()[i] + " at row " + (i / d0)
                    + ", column " + (i % d0));
        }
        return a;
    }

    static int predict(ModelFiles.Loaded loaded, String dataAt, NpyArray npy, FileStore out, PredictConfig s, HadoopConf hadoop,
                       Provenance prov) throws IOException {
        long t0 = System.nanoTime();
        TrainedModel model = loaded.model();
        int d0 = model.d0(), dr = model.dr();
        InputTransform transform = loaded.info().transform();
        SparkSession spark;
        try {
            spark = SparkContexts.session("wideneck predict", s.master(), s.sparkConf());
        } catch (Exception e) {
            throw new UserError("spark: Spark did not start with spark.master = \"" + s.master() + "\": " + FileStores.oneLine(e));
        }
        try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
            sc.setLogLevel("ERROR");
            JavaRDD<PredictJob.Block> blocks;
            long rows;
            StructField keyField = null;
            if (npy != null) {
                double[] x = npy.values().clone();
                transform.apply(x, npy.rows(), d0);
                rows = npy.rows();
                blocks = PredictJob.blocks(sc, x, npy.rows(), d0);
            } else {
                org.apache.spark.sql.Dataset<Row> df;
                try {
                    df = spark.read().format(s.format()).options(s.options()).load(dataAt);
                } catch (Exception e) {
                    throw new UserError("DATA '" + dataAt + "': Spark cannot read it as " + s.format() + ": " + FileStores.oneLine(e));
                }
                if (s.idCol() != null && !java.util.Arrays.asList(df.schema().fieldNames()).contains(s.idCol())) {
                    throw new UserError("id-col = \"" + s.idCol() + "\": DATA '" + dataAt + "' has no such column (columns: "
                            + String.join(", ", df.schema().fieldNames()) + ")");
                }
                keyField = s.idCol() == null ? null : new StructField(s.idCol(), df.schema().apply(s.idCol()).dataType(), true, Metadata.empty());
                List<String> cols = SparkData.featureColumns(df.schema(), s.featuresCol(), s.idCol(), dataAt, "features-col");
                JavaRDD<PredictJob.Point> pts = SparkData.features(df, cols, s.idCol(), d0).map(pt -> {
                    transform.apply(pt.x(), 1, d0);
                    return pt;
                });
                blocks = PredictJob.blocks(pts.zipWithIndex(), d0);
                rows = -1;
            }
            List<Integer> labels = loaded.info().classLabels();
            boolean withKey = keyField != null;
            try (PredictJob.Outputs outputs = PredictJob.outputs(sc, blocks, model, s.threads())) {
                JavaRDD<PredictJob.Block> done = outputs.blocks().cache();
                JavaRDD<Row> table = done.flatMap(b -> {
                    List<Row> rs = new ArrayList<>(b.rows());
                    for (int i = 0; i < b.rows(); i++) {
                        double[] f = java.util.Arrays.copyOfRange(b.values(), i * dr, (i + 1) * dr);
                        Double pred = Prediction.of(b.values(), i * dr, dr, labels);
                        rs.add(withKey ? RowFactory.create(b.first() + i, b.keys()[i], Vectors.dense(f), pred)
                                : RowFactory.create(b.first() + i, Vectors.dense(f), pred));
                    }
                    return rs.iterator();
                });
                List<StructField> fields = new ArrayList<>(List.of(new StructField("row", DataTypes.LongType, false, Metadata.empty())));
                if (withKey) fields.add(keyField);
                fields.add(new StructField("outputs", new VectorUDT(), false, Metadata.empty()));
                fields.add(new StructField("prediction", DataTypes.DoubleType, true, Metadata.empty()));
                StructType schema = new StructType(fields.toArray(new StructField[0]));
                try {
                    spark.createDataFrame(table, schema).orderBy("row").write().parquet(out.uri("predictions.parquet"));
                } catch (Exception e) {
                    String bad = SparkData.rowProblem(e);
                    if (bad != null) throw new UserError("DATA '" + dataAt + "': " + bad);
                    throw e;
                }
                if (rows < 0) rows = done.map(PredictJob.Block::rows).fold(0, Integer::sum);
                if (npy != null) {
                    double[] all = new double[(int) rows * dr];
                    for (PredictJob.Block b : done.collect()) System.arraycopy(b.values(), 0, all, (int) b.first() * dr, b.rows() * dr);
                    out.write("outputs.npy", Npy.float64Bytes(all, (int) rows, dr));
                }
                done.unpersist();
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            Map<String, Object> j = new LinkedHashMap<>(prov.toMap());
            j.put("model", loaded.location());
            j.put("model_kind", model.kind().name().toLowerCase(Locale.ROOT));
            j.put("data", dataAt);
            j.put("format", s.format());
            if (npy != null || FileStores.inputExists(dataAt, hadoop)) j.put("data_sha256", FileStores.sha256(dataAt, hadoop));
            j.put("points", rows);
            j.put("d0", d0);
            j.put("dr", dr);
            j.put("kernel_path", model.pathHere().name().toLowerCase(Locale.ROOT));
            j.put("spark_master", sc.master());
            j.put("seconds", seconds);
            j.put("files", npy != null ? List.of("predictions.parquet", "outputs.npy") : List.of("predictions.parquet"));
            j.put("finished", Instant.now().toString());
            out.writeString("predict.json", ConfigValueFactory.fromMap(j).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n");
            System.out.printf(Locale.ROOT, "wideneck: %d points through %s model %s in %.1f s; predictions in %s%n", rows,
                    model.kind().name().toLowerCase(Locale.ROOT), loaded.location(), seconds, out.locate("predictions.parquet"));
            return 0;
        }
    }
}
