package org.wideneck.app.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.loop.EmbeddingUpdate;
import org.wideneck.core.model.Loss;

/** The validated configuration of one invocation: immutable records, built only by {@link ConfigLoader}. */
public record WideneckConfig(String name, Data data, Model model, Init init, Train train, Sweep sweep, Output output,
                             Spark spark, int computeThreads, boolean failFirstAttempt, String resolvedJson)
        implements Serializable {

    public enum Source { SYNTHETIC, NPY, MNIST, CIFAR10, FASHION_MNIST, SPARK }

    public enum Kind { INFINITE, FINITE }

    public record Synthetic(int trainSize, int testSize, int inputDim, int hiddenDim, int outputDim, int features)
            implements Serializable {}

    public record NpyFiles(String trainX, String trainY, String testX, String testY) implements Serializable {}

    /**
     * data.source = spark: two data sets read through the Spark session ({@code spark.read.format(format)
     * .options(options).load(path)}); features from featuresCol (an MLlib vector or a numeric array column, or
     * "*" for every column but the label's, each numeric), labels from labelCol as {@link LabelType} says.
     */
    public record SparkSource(String format, String trainPath, String testPath, String featuresCol, String labelCol, LabelType labelType,
                              Map<String, String> options) implements Serializable {}

    /**
     * How data.spark.label-col is read: class indices (one-hot targets), targets (a number, or a vector for
     * several outputs), or auto: an integer column is classes, a vector or array column targets, a floating
     * column classes when every value is a whole number ≥ 0 (refused otherwise, naming the value).
     */
    public enum LabelType { AUTO, CLASS, TARGET }

    public record Data(Source source, long seed, Synthetic synthetic, NpyFiles npy, SparkSource spark, String dir, int trainSize,
                       int testSize, List<Integer> classes, Standardize standardize) implements Serializable {}

    /** data.standardize: none; per feature (x_j − m_j)/s_j; or global (x − m)/s with one mean and deviation over all features. */
    public enum Standardize { NONE, FEATURE, GLOBAL }

    /** activation: φ of g and f; gDepth: hidden layers of g (SPEC §8). */
    public record Model(Kind kind, List<Width> widths, int finiteWidth, Activation activation, int gDepth)
            implements Serializable {}

    public record Init(int width, int infWidth, long seed, String npyDir, boolean zeroOutput) implements Serializable {}

    /** batchSize 0 means full batch; loss and momentum are the optimiser's (SPEC §8.3, §8.4). */
    public record Train(int steps, int batchSize, long seed, int evalEvery, int evalTrainSize, double divergenceFactor, int checkpointEvery,
                        EmbeddingUpdate embeddingUpdate, Loss loss, double momentum)
            implements Serializable {
        public boolean fullBatch() {
            return batchSize == 0;
        }
    }

    /** replicates: replicate r uses init.seed + r and train.seed + r; rates: the sweep's learning rates and output groups. */
    public record Sweep(int replicates, LearningRates rates) implements Serializable {}

    /**
     * features: record the feature-learning diagnostics (features.csv) at each evaluation; model: save each
     * finished run's trained model under {@code <dir>/models/} (for {@code submit/predict} and Spark ML).
     */
    public record Output(String dir, boolean features, boolean model) implements Serializable {}

    /** trainPoints: where partitioned mode keeps the training points' state. */
    public record Spark(String master, Mode mode, String checkpointDir, TrainPoints trainPoints, Map<String, String> conf)
            implements Serializable {}

    /** spark.train-points: the driver's own array, or cached RDD blocks on the executors (partitioned mode). */
    public enum TrainPoints { DRIVER, BLOCKS }

    /** spark.mode: how a sweep uses the cluster. */
    public enum Mode { AUTO, SWEEP, PARTITIONED }

    /** Runs of the sweep: learning-rate groups × replicates × widths. */
    public int runs() {
        return sweep.rates().groups().size() * sweep.replicates() * model.widths().size();
    }

    /** spark.mode with auto resolved: partitioned for a single run, sweep for several. */
    public Mode mode() {
        if (spark.mode() != Mode.AUTO) return spark.mode();
        return runs() == 1 ? Mode.PARTITIONED : Mode.SWEEP;
    }
}
