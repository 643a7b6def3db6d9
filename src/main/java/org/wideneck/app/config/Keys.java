package org.wideneck.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.List;

/**
 * Every key a run's config file or a {@code key=value} override may set: its path, its default (HOCON), what it means
 * and what the loader accepts. This list is the loader's defaults ({@link #defaults}), the keys {@code --help}
 * prints, and the source of {@code docs/configuration.md} ({@link org.wideneck.app.docs.ConfigReference}); a key set anywhere else is refused.
 * Keys whose value is a free-form object ({@code spark.conf}, {@code data.spark.options}) take any sub-keys.
 */
public final class Keys {
    private Keys() {}

    /**
     * One key.
     *
     * @param path       its HOCON path
     * @param defaultValue its default, as HOCON ({@code ${…}} refers to another key)
     * @param meaning    what it sets
     * @param accepts    what the loader accepts (the refusals name the key and echo the value)
     */
    public record Key(String path, String defaultValue, String meaning, String accepts) {
        /** The section of the config it belongs to (its first path element; the path itself when it has one element). */
        public String section() {
            int dot = path.indexOf('.');
            return dot < 0 ? path : path.substring(0, dot);
        }
    }

    /** A key, for the lists of the tools (benchmarks) that take their own. */
    public static Key key(String path, String def, String meaning, String accepts) {
        return new Key(path, def, meaning, accepts);
    }

    private static Key k(String path, String def, String meaning, String accepts) {
        return new Key(path, def, meaning, accepts);
    }

    /** The keys, in the order the reference lists them. */
    public static final List<Key> ALL = List.of(
            k("data.source", "synthetic", "Where the data come from: the synthetic deep-GP task, .npy files, an image set "
                    + "(run `datasets/fetch` first), or any format Spark reads (`data.spark`).",
                    "synthetic, npy, mnist, cifar10, fashion-mnist, spark"),
            k("data.dir", "\"datasets/cache\"", "Where `datasets/fetch` puts mnist/, cifar-10-batches-bin/, fashion-mnist/ (or a Hadoop URI "
                    + "holding them).", "image sources only; a path or URI"),
            k("data.train-size", "0", "A seeded random subset of this many training points; 0 = all.", "integer ≥ 0; npy and image sources"),
            k("data.test-size", "0", "Likewise for the test set.", "integer ≥ 0; npy and image sources"),
            k("data.classes", "[]", "Keep only these class labels, in this order (e.g. [4, 5] = deer vs dog); [] = all.",
                    "a list of distinct integers ≥ 0, at least two; classification data"),
            k("data.standardize", "none", "Images are scaled to [0, 1] first; then none, per feature (each feature's training mean and "
                    + "deviation), or global (one mean and deviation over all features of the training set).", "none, feature, global"),
            k("data.seed", "1", "Seed of the synthetic data's draw and of subset selection.", "an integer"),
            k("data.synthetic.train-size", "2000", "Training points of the synthetic task.", "integer ≥ 1"),
            k("data.synthetic.test-size", "2000", "Test points of the synthetic task.", "integer ≥ 1"),
            k("data.synthetic.input-dim", "16", "d0, the input dimension.", "integer ≥ 1"),
            k("data.synthetic.hidden-dim", "4", "k, the width of the deep GP's middle layer.", "integer ≥ 1"),
            k("data.synthetic.output-dim", "1", "dr, the number of targets.", "integer ≥ 1"),
            k("data.synthetic.features", "10000", "Random features per GP layer.", "integer ≥ 1"),
            k("data.npy.train-x", "\"\"", "N×d0 inputs, float32 or float64 (a local path or a Hadoop URI).", "required with data.source = npy"),
            k("data.npy.train-y", "\"\"", "N×dr float targets, or N integer class labels (one-hot targets).", "required with data.source = npy"),
            k("data.npy.test-x", "\"\"", "The test inputs.", "required with data.source = npy"),
            k("data.npy.test-y", "\"\"", "The test targets.", "required with data.source = npy"),
            k("data.spark.format", "parquet", "The reader Spark uses (spark.read.format): parquet, csv, libsvm, json, orc, …",
                    "required with data.source = spark"),
            k("data.spark.train-path", "\"\"", "The training set, e.g. hdfs://namenode:8020/data/train.parquet.", "required with data.source = spark"),
            k("data.spark.test-path", "\"\"", "The test set.", "required with data.source = spark"),
            k("data.spark.features-col", "features", "An MLlib vector column or a numeric array column; \"*\" = every column but the "
                    + "label's (e.g. CSV).", "a column of the data"),
            k("data.spark.label-col", "label", "The labels' column.", "a column other than the features'"),
            k("data.spark.label-type", "auto", "class (class indices → one-hot targets), target (a number, or a vector of targets), or "
                    + "auto (integers are classes, vectors targets).", "auto, class, target"),
            k("data.spark.options", "{}", "Reader options, e.g. { header = true, inferSchema = true } for CSV.", "an object of settings"),
            k("model.kind", "infinite", "infinite: the exact function-space simulation; finite: width-n networks trained in parameter "
                    + "space from the same initial weights (the reference).", "infinite, finite"),
            k("model.widths", "[inf, 500, 100, 10]", "Bottleneck widths d of the sweep; inf is the infinite-bottleneck NTK baseline.",
                    "a list of distinct integers ≥ 1 and inf; no inf with model.kind = finite"),
            k("model.finite-width", "${init.width}", "Hidden width n of model.kind = finite.", "integer ≥ 1"),
            k("model.activation", "relu", "φ of every hidden layer of g and f.", "relu, erf"),
            k("model.g-depth", "1", "L, the hidden layers of g. Each layer past the first is an n×n matrix: 8n² bytes, and 2·N·n² flops "
                    + "in g₀ over N points.", "integer from 1 to 16"),
            k("init.width", "10000", "Hidden width n of the random-feature initial state (the paper's n).", "integer ≥ 1"),
            k("init.inf-width", "${init.width}", "m = n of the inf runs' F₀ draw (costs time 2·N·m·(d0 + m), not memory).", "integer ≥ 1"),
            k("init.seed", "1", "Seed of the initial weights; replicate r uses init.seed + r.", "an integer"),
            k("init.npy-dir", "\"\"", "A directory with W1.npy … W{L+1}.npy, U.npy, V.npy (float64, C order) to start from instead.",
                    "W1 n×d0, W2 … W_L n×n, W_{L+1} d×n, U n×d, V dr×n for the data and model.g-depth"),
            k("init.zero-output", "false", "Start from F₀ = 0 (f₀ = 0, J₀ = 0) instead of the random draw.", "true, false; model.kind = infinite"),
            k("train.loss", "mse", "mse: the batch mean of ½|F − y|²; cross-entropy: of softmax(F) (targets must be probability rows).",
                    "mse, cross-entropy"),
            k("train.momentum", "0", "β of SGD with heavy-ball momentum (PyTorch's, dampening 0); 0 = plain SGD.", "a number in [0, 1)"),
            k("train.steps", "1000", "SGD steps of every run.", "integer ≥ 0"),
            k("train.batch-size", "20", "B; full = every training point (full-batch gradient descent).", "integer ≥ 1, or full"),
            k("train.learning-rate", "1.0", "μ of every width, or one μ per width naming every width of model.widths: "
                    + "{ inf: 8, 100: 12 }.", "a positive number, or a width → positive number map"),
            k("train.divergence-factor", "100", "A run is stopped as diverged when a loss exceeds this many times its step-0 value.",
                    "a number > 1"),
            k("train.embedding-update", "auto", "How the training points get the deferred eq 42 updates: eager, lazy (when read), or auto "
                    + "(the cost rule decides).", "auto, eager, lazy"),
            k("train.seed", "1", "Seed of the batch order; replicate r uses train.seed + r.", "an integer"),
            k("train.eval-every", "100", "Steps between evaluations (and one at the end).", "integer ≥ 1"),
            k("train.eval-train-size", "0", "Train loss on a fixed seeded subset of this many training points; 0 = all.", "integer ≥ 0"),
            k("train.checkpoint-every", "1000", "Steps between checkpoints of each run (in <output.dir>/checkpoints; continue with "
                    + "--resume DIR); a run's are removed once its results are written; 0 = none.", "integer ≥ 0"),
            k("sweep.replicates", "1", "Replicates of every width (replicate r: init.seed + r, train.seed + r).", "integer ≥ 1"),
            k("sweep.learning-rates", "[]", "Several μ, each run at every width into its own lr-μ/ directory, with a best-μ summary; "
                    + "[] = train.learning-rate.", "a list of distinct positive numbers; not with a per-width train.learning-rate"),
            k("compute.threads", "auto", "Threads of each run (results do not depend on them); auto = cores ÷ concurrent runs in local "
                    + "mode, the task's cores on a cluster.", "auto, or an integer ≥ 1"),
            k("output.dir", "\"\"", "Where results go (a local path or a Hadoop URI); \"\" = out/<config name>-<date-time>.",
                    "a writable directory holding no results"),
            k("output.features", "true", "Write features.csv: embedding movement and kernel–target alignment at each evaluation.",
                    "true, false"),
            k("output.model", "false", "Save each finished run's trained model in <dir>/models/ (submit/predict, Spark ML).", "true, false"),
            k("spark.master", "\"local[*]\"", "The Spark master.", "local, local[N], local[*], spark://host:port, yarn, k8s://…, mesos://…"),
            k("spark.mode", "auto", "sweep: each run one Spark task, runs in parallel; partitioned: runs one after another, the driver "
                    + "steps, the executors evaluate; auto: partitioned for a single run, sweep for several.", "auto, sweep, partitioned"),
            k("spark.checkpoint-dir", "\"\"", "Partitioned mode: reliable RDD checkpoints here (HDFS or a shared path on a cluster); "
                    + "\"\" = local lineage cuts.", "a path or URI"),
            k("spark.train-points", "driver", "Partitioned mode: the training points' state in the driver's array, or in cached RDD "
                    + "blocks on the executors.", "driver, blocks; blocks with partitioned mode and an eager or auto update"),
            k("spark.conf", "{}", "Passed to SparkConf as is, e.g. { \"spark.executor.memory\" = 8g }.", "an object of Spark settings"),
            k("debug.fail-first-attempt", "false", "Tests only: the first attempt of every Spark task fails (needs a master that "
                    + "retries, e.g. local[2,2]).", "true, false"));

    /** The keys of {@code submit/predict MODEL DATA OUT}. */
    public static final List<Key> PREDICT = List.of(
            k("format", "\"\"", "How DATA is read; \"\" = by its name's extension (.npy, .parquet, .csv, .json, .orc, .libsvm).",
                    "npy, parquet, csv, json, orc, libsvm"),
            k("features-col", "features", "The features column of a Spark source (an MLlib vector or a numeric array); \"*\" = every "
                    + "numeric column but id-col.", "a column of DATA"),
            k("id-col", "\"\"", "A column of DATA carried to the predictions (e.g. an id); \"\" = none.", "a column of DATA; not for .npy"),
            k("options", "{}", "Spark reader options, e.g. options.header = true.", "an object of settings"),
            k("threads", "0", "Threads of each task; 0 = the task's cores (the bits do not depend on it).", "integer ≥ 0"),
            k("spark.master", "\"local[*]\"", "The Spark master.", "a Spark master URL"),
            k("spark.conf", "{}", "Passed to SparkConf as is.", "an object of Spark settings"));

    /** The keys of {@code submit/verify quick|full}. */
    public static final List<Key> VERIFY = List.of(
            k("output.dir", "\"-\"", "Where checks.csv, verify.json and report.html go; - = out/verify-<quick|full>.",
                    "a directory that holds no checks.csv"),
            k("data.dir", "\"datasets/cache\"", "Where the full checks find MNIST (datasets/fetch mnist).", "a directory"));

    /** The paths of keys. */
    public static List<String> paths(List<Key> keys) {
        return keys.stream().map(Key::path).toList();
    }

    /** The free-form keys: any sub-key under them is accepted. */
    public static final List<String> FREE_FORM = List.of("spark.conf", "data.spark.options", "train.learning-rate");

    /** The defaults of every key of a run, as one config (unresolved: finite-width and inf-width follow init.width). */
    public static Config defaults() {
        return defaults(ALL);
    }

    /** The defaults of the given keys, as one config (unresolved). */
    public static Config defaults(List<Key> keys) {
        StringBuilder sb = new StringBuilder();
        for (Key k : keys) sb.append(k.path()).append(" = ").append(k.defaultValue()).append('\n');
        return ConfigFactory.parseString(sb.toString(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription("the defaults"));
    }
}
