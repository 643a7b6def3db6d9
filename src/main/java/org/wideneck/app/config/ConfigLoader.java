package org.wideneck.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.wideneck.core.loop.EmbeddingUpdate;

/**
 * The one place configuration is read and validated: a HOCON file, then {@code key=value} overrides in
 * HOCON path syntax, over the defaults of {@link Keys}. Every message names the config path, echoes the value and
 * says where it was set.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    public static WideneckConfig load(String file, List<String> overrides) {
        File f = new File(file);
        if (!f.isFile()) throw new UserError("config file '" + file + "' does not exist");
        Config user;
        try {
            user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new UserError("cannot parse config file '" + file + "': " + e.getMessage());
        }
        String name = f.getName().replaceFirst("\\.conf$", "");
        return fromConfig(name, overrides(overrides).withFallback(user));
    }

    /**
     * The config of an interrupted sweep, as {@code resume.json} stored it (resolved, with its name),
     * for {@code --resume}: only compute.* and spark.* may be overridden (results do not depend on them),
     * and output.dir is the directory resumed.
     */
    public static WideneckConfig loadStored(String name, Config stored, List<String> overrides, String outputDir) {
        for (String o : overrides) {
            String key = o.substring(0, Math.max(0, o.indexOf('='))).trim().replace("\"", "");
            if (!key.startsWith("compute.") && !key.startsWith("spark.")) {
                throw new UserError("--resume continues with the settings stored in the output directory; only compute.* and spark.* "
                        + "may be given, not '" + o + "'");
            }
        }
        return fromConfig(name, overrides(overrides).withFallback(stored)
                .withValue("output.dir", com.typesafe.config.ConfigValueFactory.fromAnyRef(outputDir)));
    }

    private static Config overrides(List<String> overrides) {
        Config over = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new UserError("override '" + o + "' is not of the form key=value");
            try {
                Config one = ConfigFactory.parseString(o, ConfigParseOptions.defaults()
                        .setSyntax(ConfigSyntax.CONF).setOriginDescription("command line '" + o + "'"));
                over = one.withFallback(over);
            } catch (ConfigException e) {
                throw new UserError("cannot parse override '" + o + "': " + e.getMessage());
            }
        }
        return over;
    }

    /** Validates user settings (without defaults) merged over the defaults. */
    public static WideneckConfig fromConfig(String name, Config user) {
        Config defaults = Keys.defaults();
        KnownKeys.check(user, KnownKeys.paths(defaults), Keys.FREE_FORM, "config");
        Config c;
        try {
            c = user.withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw new UserError("config: " + e.getMessage());
        }
        ConfigReader r = new ConfigReader(c);
        WideneckConfig.Data data = new WideneckConfig.Data(
                r.enumValue("data.source", WideneckConfig.Source.class),
                r.longValue("data.seed"),
                new WideneckConfig.Synthetic(
                        r.intAtLeast("data.synthetic.train-size", 1), r.intAtLeast("data.synthetic.test-size", 1),
                        r.intAtLeast("data.synthetic.input-dim", 1), r.intAtLeast("data.synthetic.hidden-dim", 1),
                        r.intAtLeast("data.synthetic.output-dim", 1), r.intAtLeast("data.synthetic.features", 1)),
                new WideneckConfig.NpyFiles(r.string("data.npy.train-x"), r.string("data.npy.train-y"),
                        r.string("data.npy.test-x"), r.string("data.npy.test-y")),
                new WideneckConfig.SparkSource(r.string("data.spark.format"), r.string("data.spark.train-path"),
                        r.string("data.spark.test-path"), r.string("data.spark.features-col"), r.string("data.spark.label-col"),
                        r.enumValue("data.spark.label-type", WideneckConfig.LabelType.class), r.stringMap("data.spark.options")),
                r.string("data.dir"), r.intAtLeast("data.train-size", 0), r.intAtLeast("data.test-size", 0),
                r.classes("data.classes"), r.standardize("data.standardize"));
        if (data.source() == WideneckConfig.Source.NPY) {
            for (String k : List.of("train-x", "train-y", "test-x", "test-y")) {
                if (r.string("data.npy." + k).isEmpty()) {
                    throw new UserError("config: data.source = npy needs data.npy." + k + " (a path to an .npy file)");
                }
            }
        }
        if (data.source() == WideneckConfig.Source.SPARK) {
            for (String k : List.of("format", "train-path", "test-path", "features-col", "label-col")) {
                if (r.string("data.spark." + k).isBlank()) {
                    throw new UserError("config: data.source = spark needs data.spark." + k
                            + (k.endsWith("path") ? " (a path or URI Spark reads, e.g. hdfs://namenode:8020/data/train.parquet)" : ""));
                }
            }
            if (data.spark().featuresCol().equals(data.spark().labelCol())) {
                throw r.bad("data.spark.label-col", "is also data.spark.features-col; the labels need a column of their own");
            }
        }
        WideneckConfig.Model model = new WideneckConfig.Model(
                r.enumValue("model.kind", WideneckConfig.Kind.class), r.widths("model.widths"),
                r.intAtLeast("model.finite-width", 1), r.activation("model.activation"), r.intBetween("model.g-depth", 1, MAX_G_DEPTH));
        if (model.kind() == WideneckConfig.Kind.FINITE && model.widths().stream().anyMatch(Width::infinite)) {
            throw new UserError("config: model.widths = " + model.widths() + " (" + r.origin("model.widths")
                    + "): model.kind = finite trains finite networks; remove inf from the widths");
        }
        WideneckConfig.Init init = new WideneckConfig.Init(r.intAtLeast("init.width", 1), r.intAtLeast("init.inf-width", 1),
                r.longValue("init.seed"), r.string("init.npy-dir"), r.bool("init.zero-output"));
        Map<String, Double> perWidth = r.perWidthRates("train.learning-rate", model.widths());
        WideneckConfig.Train train = new WideneckConfig.Train(r.intAtLeast("train.steps", 0), r.batchSize("train.batch-size"),
                r.longValue("train.seed"), r.intAtLeast("train.eval-every", 1), r.intAtLeast("train.eval-train-size", 0),
                r.greaterThanOne("train.divergence-factor"), r.intAtLeast("train.checkpoint-every", 0),
                r.enumValue("train.embedding-update", EmbeddingUpdate.class), r.loss("train.loss"), r.momentum("train.momentum"));
        List<Double> grid = r.positiveList("sweep.learning-rates");
        if (!perWidth.isEmpty() && !grid.isEmpty()) {
            throw r.bad("sweep.learning-rates", "cannot be combined with a per-width train.learning-rate map (" + r.origin("train.learning-rate")
                    + "); give one of them");
        }
        LearningRates rates = !perWidth.isEmpty() ? LearningRates.byWidth(perWidth)
                : !grid.isEmpty() ? LearningRates.grid(grid) : LearningRates.single(r.positive("train.learning-rate"));
        WideneckConfig.Sweep sweep = new WideneckConfig.Sweep(r.intAtLeast("sweep.replicates", 1), rates);
        WideneckConfig.Output output = new WideneckConfig.Output(r.string("output.dir"), r.bool("output.features"), r.bool("output.model"));
        Map<String, String> sparkConf = new LinkedHashMap<>();
        if (c.getValue("spark.conf").valueType() != ConfigValueType.OBJECT) {
            throw r.bad("spark.conf", "must be an object of Spark settings, e.g. spark.conf { \"spark.executor.memory\" = 8g }");
        }
        for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.conf").entrySet()) {
            sparkConf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        WideneckConfig.Spark spark = new WideneckConfig.Spark(r.string("spark.master"),
                r.enumValue("spark.mode", WideneckConfig.Mode.class), r.string("spark.checkpoint-dir"),
                r.enumValue("spark.train-points", WideneckConfig.TrainPoints.class), sparkConf);
        String json = c.root().render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
        WideneckConfig cfg = new WideneckConfig(name, data, model, init, train, sweep, output, spark, r.threads("compute.threads"),
                r.bool("debug.fail-first-attempt"), json);
        if (spark.trainPoints() == WideneckConfig.TrainPoints.BLOCKS && cfg.mode() != WideneckConfig.Mode.PARTITIONED) {
            throw r.bad("spark.train-points", "applies to partitioned mode only (spark.mode = " + spark.mode().name().toLowerCase(Locale.ROOT)
                    + " with " + cfg.runs() + " runs is sweep mode)");
        }
        if (spark.trainPoints() == WideneckConfig.TrainPoints.BLOCKS && train.embeddingUpdate() == EmbeddingUpdate.LAZY) {
            throw r.bad("train.embedding-update", "cannot be lazy with spark.train-points = blocks (points held on executors are updated "
                    + "eagerly); use auto or eager");
        }
        if (!SPARK_MASTER.matcher(spark.master()).matches()) {
            throw r.bad("spark.master", "is not a Spark master URL (local, local[N], local[*], local[N,R], spark://host:port, yarn, k8s://…, mesos://…)");
        }
        checkSourceKeys(r, data, defaults.resolve());
        return cfg;
    }

    /** The deepest g the loader accepts (each hidden layer beyond the first is an n×n matrix). */
    static final int MAX_G_DEPTH = 16;

    /**
     * The settings of {@code submit/predict MODEL DATA OUT key=value …} (keys {@link Keys#PREDICT}): format (by DATA's
     * extension unless given), features-col, id-col (not for .npy), options.K, threads (≥ 0), spark.master,
     * spark.conf.K. Every refusal names the key and echoes the value.
     */
    public static PredictConfig predict(String data, Config settings) {
        KnownKeys.check(settings, Keys.paths(Keys.PREDICT), List.of("options", "spark.conf"), "predict");
        Config c = settings.withFallback(Keys.defaults(Keys.PREDICT)).resolve();
        ConfigReader r = new ConfigReader(c);
        String format = r.string("format").isEmpty() ? formatOf(data) : r.string("format");
        if (!List.of("npy", "parquet", "csv", "json", "orc", "libsvm", "text", "avro").contains(format)) {
            throw r.bad("format", "must be npy or a Spark format (parquet, csv, json, orc, libsvm)");
        }
        int threads = r.intAtLeast("threads", 0);
        String idCol = r.string("id-col").isEmpty() ? null : r.string("id-col");
        if (idCol != null && format.equals("npy")) throw r.bad("id-col", "applies to Spark sources; an .npy file's points are identified by their row");
        String master = r.string("spark.master");
        if (!SPARK_MASTER.matcher(master).matches()) throw r.bad("spark.master", "is not a Spark master URL");
        return new PredictConfig(format, r.string("features-col"), idCol, r.stringMap("options"), threads, master, r.stringMap("spark.conf"));
    }

    /**
     * The settings of {@code submit/verify quick|full key=value …} (keys {@link Keys#VERIFY}).
     *
     * @param mode quick or full
     */
    public static VerifyConfig verify(String mode, Config settings) {
        KnownKeys.check(settings, Keys.paths(Keys.VERIFY), List.of(), "verify");
        ConfigReader r = new ConfigReader(settings.withFallback(Keys.defaults(Keys.VERIFY)).resolve());
        String out = r.string("output.dir");
        if (out.isBlank()) throw r.bad("output.dir", "must name a directory");
        String data = r.string("data.dir");
        if (data.isBlank()) throw r.bad("data.dir", "must name a directory");
        return new VerifyConfig(mode, out.equals("-") ? "out/verify-" + mode : out, data);
    }

    /** Refuses any setting of a command that takes no keys (submit/merge, submit/report). */
    public static void noKeys(Config settings, String what) {
        KnownKeys.check(settings, List.of(), List.of(), what);
    }

    /** The format of a data location by its extension; a user error when the name does not tell. */
    static String formatOf(String data) {
        String d = data.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        for (String f : new String[] {"npy", "parquet", "csv", "json", "orc", "libsvm"}) if (d.endsWith("." + f)) return f;
        if (d.endsWith(".svm")) return "libsvm";
        throw new UserError("cannot tell the format of '" + data + "' from its name; give format=parquet (or csv, json, orc, libsvm, npy)");
    }

    /** Whether Spark accepts this master URL. */
    public static boolean isSparkMaster(String master) {
        return SPARK_MASTER.matcher(master).matches();
    }

    /** The master URLs Spark accepts (SparkContext's own patterns and the cluster managers' prefixes). */
    static final java.util.regex.Pattern SPARK_MASTER = java.util.regex.Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)\\]|local\\[(\\*|[1-9][0-9]*)\\s*,\\s*[1-9][0-9]*\\]"
                    + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*\\]"
                    + "|spark://[^\\s:/,]+:[0-9]+(,[^\\s:/,]+:[0-9]+)*|yarn|k8s://\\S+|mesos://\\S+");

    /** Keys that apply only to some data sources are refused where they would be ignored. */
    private static void checkSourceKeys(ConfigReader r, WideneckConfig.Data data, Config defaults) {
        if (data.source() == WideneckConfig.Source.SYNTHETIC) {
            for (String k : List.of("data.train-size", "data.test-size")) {
                if (r.c().getInt(k) != 0) {
                    throw r.bad(k, "applies to npy and image data; the synthetic task's sizes are data.synthetic." + k.substring(5));
                }
            }
            if (!data.classes().isEmpty()) throw r.bad("data.classes", "applies to classification data; the synthetic task is a regression");
        }
        if ((data.source() == WideneckConfig.Source.SYNTHETIC || data.source() == WideneckConfig.Source.NPY
                || data.source() == WideneckConfig.Source.SPARK) && !data.dir().equals(defaults.getString("data.dir"))) {
            throw r.bad("data.dir", "applies to the image sources (mnist, cifar10, fashion-mnist); the source is "
                    + data.source().name().toLowerCase(Locale.ROOT));
        }
        if (data.source() != WideneckConfig.Source.NPY) {
            for (String k : List.of("train-x", "train-y", "test-x", "test-y")) {
                if (!r.string("data.npy." + k).isEmpty()) {
                    throw r.bad("data.npy." + k, "applies to data.source = npy only (the source is "
                            + data.source().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
                }
            }
        }
        if (data.source() != WideneckConfig.Source.SPARK) {
            Config sp = r.c().getConfig("data.spark");
            Config def = defaults.getConfig("data.spark");
            for (Map.Entry<String, ConfigValue> e : sp.entrySet()) {
                if (!e.getValue().unwrapped().equals(def.hasPath(e.getKey()) ? def.getValue(e.getKey()).unwrapped() : null)) {
                    throw r.bad("data.spark." + e.getKey(), "applies to data.source = spark only (the source is "
                            + data.source().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
                }
            }
        }
        if (data.source() != WideneckConfig.Source.SYNTHETIC) {
            Config syn = r.c().getConfig("data.synthetic");
            Config def = defaults.getConfig("data.synthetic");
            for (Map.Entry<String, ConfigValue> e : syn.entrySet()) {
                if (!e.getValue().unwrapped().equals(def.getValue(e.getKey()).unwrapped())) {
                    throw r.bad("data.synthetic." + e.getKey(), "applies to data.source = synthetic only (the source is "
                            + data.source().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
                }
            }
        }
    }

}
