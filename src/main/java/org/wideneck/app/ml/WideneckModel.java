package org.wideneck.app.ml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.wideneck.app.data.SparkData;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.app.model.ModelFiles;
import org.wideneck.app.model.ModelInfo;
import org.wideneck.app.model.Prediction;
import org.wideneck.core.trained.TrainedModel;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.loop.MetricPoint;

/**
 * A trained wideneck run as a Spark ML {@link Model}: {@link #transform} adds {@code outputs} (F_T, a vector
 * of dr values) and {@code prediction} (the class label of argmax F_T, or F_T itself for one regression
 * target) to a data frame with a {@code features} column (an MLlib vector or a numeric array), computed on the
 * executors partition by partition (the model broadcast once per transform; each partition in blocks of
 * {@link Grains#POINT_BLOCK} rows from its first). The model's input transform (data.standardize with its
 * training statistics) is applied first. Within a partition whose rows start at a multiple of POINT_BLOCK of
 * the whole input the outputs are the core's bits; elsewhere the same function to rounding (~1e-15) —
 * {@code submit/predict} blocks by global row index when bitwise agreement matters.
 *
 * <p>Saved and loaded in the model directory format of {@link ModelFiles} (the same a sweep writes with
 * {@code output.model = true}), with Spark ML's metadata, so {@code WideneckModel.load(path)}, a
 * {@code PipelineModel} holding one, and {@code submit/predict} all read it.
 */
public final class WideneckModel extends Model<WideneckModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TrainedModel model;
    private final ModelInfo info;
    private final List<MetricPoint> trainingMetrics;
    private final Param<String> featuresCol;
    private final Param<String> outputsCol;
    private final Param<String> predictionCol;

    public WideneckModel(String uid, TrainedModel model, ModelInfo info, List<MetricPoint> trainingMetrics) {
        this.uid = uid;
        this.model = model;
        this.info = info;
        this.trainingMetrics = List.copyOf(trainingMetrics);
        this.featuresCol = new Param<>(this, "featuresCol", "features column: an MLlib vector or a numeric array of d0 values");
        this.outputsCol = new Param<>(this, "outputsCol", "output column: F_T, a vector of dr values");
        this.predictionCol = new Param<>(this, "predictionCol", "prediction column: the class label of argmax F_T, or F_T for one target");
        setDefault(featuresCol, "features");
        setDefault(outputsCol, "outputs");
        setDefault(predictionCol, "prediction");
    }

    /** A model of a saved or fitted run with a fresh uid. */
    public WideneckModel(TrainedModel model, ModelInfo info) {
        this(Identifiable$.MODULE$.randomUID("WideneckModel"), model, info, List.of());
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> outputsCol() {
        return outputsCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public WideneckModel setFeaturesCol(String v) {
        set(featuresCol, v);
        return this;
    }

    public WideneckModel setOutputsCol(String v) {
        set(outputsCol, v);
        return this;
    }

    public WideneckModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    /** The core's model: F_T at any points ({@link TrainedModel#outputs}), for use without Spark. */
    public TrainedModel trainedModel() {
        return model;
    }

    /** Input transform, class labels and provenance. */
    public ModelInfo info() {
        return info;
    }

    /** The metric rows of the fit (train, and test where validation rows were given); empty for a loaded model. */
    public List<MetricPoint> trainingMetrics() {
        return trainingMetrics;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return withOutputs(schema, getOrDefault(featuresCol), getOrDefault(outputsCol), getOrDefault(predictionCol));
    }

    /** The input schema checked (features present and usable, the new columns absent) with the two output columns added. */
    static StructType withOutputs(StructType schema, String featuresCol, String outputsCol, String predictionCol) {
        List<String> names = java.util.Arrays.asList(schema.fieldNames());
        for (String c : new String[] {outputsCol, predictionCol}) {
            if (names.contains(c)) throw new IllegalArgumentException("the input already has a column '" + c + "'");
        }
        SparkData.featureColumns(schema, featuresCol, null, "the input", "featuresCol");
        return schema.add(new StructField(outputsCol, new VectorUDT(), false, Metadata.empty()))
                .add(new StructField(predictionCol, DataTypes.DoubleType, true, Metadata.empty()));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<TrainedModel> m = sc.broadcast(model);
        int featureAt = java.util.Arrays.asList(dataset.schema().fieldNames()).indexOf(getOrDefault(featuresCol));
        ModelInfo inf = info;
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions((Iterator<Row> it) -> outputs(it, featureAt, m.value(), inf));
        return spark.createDataFrame(rows, out);
    }

    /**
     * A partition's rows with their outputs and prediction appended, computed block by block of POINT_BLOCK
     * rows as the rows are read (a partition is never held whole).
     */
    private static Iterator<Row> outputs(Iterator<Row> it, int featureAt, TrainedModel m, ModelInfo info) {
        int d0 = m.d0(), dr = m.dr();
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        int threads = tc != null ? Math.max(1, tc.cpus()) : 1;
        return new Iterator<>() {
            private final List<Row> block = new ArrayList<>(Grains.POINT_BLOCK);
            private final List<Row> out = new ArrayList<>(Grains.POINT_BLOCK);
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next < out.size()) return true;
                if (!it.hasNext()) return false;
                fill();
                return next < out.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return out.get(next++);
            }

            /** The next block of rows of the partition, with their outputs. */
            private void fill() {
                block.clear();
                out.clear();
                next = 0;
                while (block.size() < Grains.POINT_BLOCK && it.hasNext()) block.add(it.next());
                int r = block.size();
                double[] x = new double[r * d0];
                for (int i = 0; i < r; i++) {
                    Object f = block.get(i).get(featureAt);
                    double[] v = f == null ? null : SparkData.flat(f);
                    if (v == null || v.length != d0) {
                        throw new IllegalArgumentException("row " + (seen + i) + " of a partition has " + (v == null ? "no features" : v.length + " features")
                                + "; the model takes " + d0);
                    }
                    System.arraycopy(v, 0, x, i * d0, d0);
                }
                seen += r;
                info.transform().apply(x, r, d0);
                double[] f;
                try (Workers w = new Workers(threads)) {
                    f = m.outputs(x, r, w);
                }
                for (int i = 0; i < r; i++) {
                    Row row = block.get(i);
                    Object[] v = new Object[row.length() + 2];
                    for (int k = 0; k < row.length(); k++) v[k] = row.get(k);
                    v[row.length()] = Vectors.dense(java.util.Arrays.copyOfRange(f, i * dr, (i + 1) * dr));
                    v[row.length() + 1] = Prediction.of(f, i * dr, dr, info.classLabels());
                    out.add(RowFactory.create(v));
                }
            }
        };
    }

    @Override
    public WideneckModel copy(ParamMap extra) {
        WideneckModel c = new WideneckModel(uid, model, info, trainingMetrics);
        copyValues(c, extra);
        return c.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    @Override
    public void save(String path) throws IOException {
        write().save(path);
    }

    public static MLReader<WideneckModel> read() {
        return new Reader();
    }

    public static WideneckModel load(String path) {
        return read().load(path);
    }

    /** Writes the model directory of {@link ModelFiles} through the session's Hadoop settings. */
    private static final class Writer extends MLWriter {
        private final WideneckModel m;

        Writer(WideneckModel m) {
            this.m = m;
        }

        @Override
        public void saveImpl(String path) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("fitted_by", "org.wideneck.app.ml.WideneckEstimator");
            run.put("featuresCol", m.getOrDefault(m.featuresCol));
            try {
                Map<String, String> params = Map.of("featuresCol", m.getOrDefault(m.featuresCol), "outputsCol", m.getOrDefault(m.outputsCol),
                        "predictionCol", m.getOrDefault(m.predictionCol));
                ModelFiles.write(FileStores.open(path, hadoop(sparkSession())), m.model, m.info, run, m.uid, params, sparkSession().version());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads a model directory ({@link ModelFiles}): a sweep's saved run or a saved WideneckModel. */
    private static final class Reader extends MLReader<WideneckModel> {
        @Override
        public WideneckModel load(String path) {
            ModelFiles.Loaded l = ModelFiles.read(FileStores.open(path, hadoop(sparkSession())));
            String uid = Identifiable$.MODULE$.randomUID("WideneckModel");
            WideneckModel m;
            try {
                com.typesafe.config.Config meta = com.typesafe.config.ConfigFactory.parseString(
                        FileStores.open(path, hadoop(sparkSession())).readString(ModelFiles.METADATA));
                if (meta.hasPath("uid")) uid = meta.getString("uid");
                m = new WideneckModel(uid, l.model(), l.info(), List.of());
                if (meta.hasPath("paramMap.featuresCol")) m.setFeaturesCol(meta.getString("paramMap.featuresCol"));
                if (meta.hasPath("paramMap.outputsCol")) m.setOutputsCol(meta.getString("paramMap.outputsCol"));
                if (meta.hasPath("paramMap.predictionCol")) m.setPredictionCol(meta.getString("paramMap.predictionCol"));
            } catch (IOException | com.typesafe.config.ConfigException e) {
                m = new WideneckModel(uid, l.model(), l.info(), List.of()); // no Spark ML metadata: the defaults
            }
            return m;
        }
    }

    /** The Hadoop settings of a session (its spark.hadoop.* configuration). */
    static HadoopConf hadoop(SparkSession s) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> e : s.sparkContext().getConf().getAll()) conf.put(e._1(), e._2());
        return HadoopConf.of(conf);
    }
}
