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
        checkKnownKeys(user, defaults);
        Config c;
        try {
            c = user.withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw new UserError("config: " + e.getMessage());
        }
        Reader r = new Reader(c);
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

    static final java.util.Set<String> PREDICT_KEYS = java.util.Set.of("format", "features-col", "id-col", "threads", "spark.master");

    /**
     * The settings of {@code submit/predict MODEL DATA OUT key=value …}: format (by DATA's extension unless
     * given), features-col, id-col (not for .npy), options.K, threads (≥ 0), spark.master, spark.conf.K. Every
     * refusal names the key and echoes the value.
     */
    public static PredictConfig predict(String data, List<String> args) {
        Config c = overrides(args);
        TreeSet<String> known = new TreeSet<>(PREDICT_KEYS);
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            String k = e.getKey();
            if (known.contains(k) || k.startsWith("options.") || k.startsWith("spark.conf.")) continue;
            String hint = closest(k, known);
            throw new UserError("unknown key '" + k + "'" + (hint != null ? "; did you mean '" + hint + "'?" : "") + "; " + PredictConfig.USAGE);
        }
        Reader r = new Reader(c);
        String format = c.hasPath("format") ? r.string("format") : formatOf(data);
        int threads = c.hasPath("threads") ? r.intAtLeast("threads", 0) : 0;
        String idCol = c.hasPath("id-col") ? r.string("id-col") : null;
        if (idCol != null && format.equals("npy")) throw r.bad("id-col", "applies to Spark sources; an .npy file's points are identified by their row");
        String master = c.hasPath("spark.master") ? r.string("spark.master") : "local[*]";
        if (!SPARK_MASTER.matcher(master).matches()) throw r.bad("spark.master", "is not a Spark master URL");
        return new PredictConfig(format, c.hasPath("features-col") ? r.string("features-col") : "features", idCol,
                c.hasPath("options") ? r.stringMap("options") : Map.of(), threads, master,
                c.hasPath("spark.conf") ? r.stringMap("spark.conf") : Map.of());
    }

    /** The format of a data location by its extension; a user error when the name does not tell. */
    static String formatOf(String data) {
        String d = data.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        for (String f : new String[] {"npy", "parquet", "csv", "json", "orc", "libsvm"}) if (d.endsWith("." + f)) return f;
        if (d.endsWith(".svm")) return "libsvm";
        throw new UserError("cannot tell the format of '" + data + "' from its name; give format=parquet (or csv, json, orc, libsvm, npy)");
    }

    /** The master URLs Spark accepts (SparkContext's own patterns and the cluster managers' prefixes). */
    static final java.util.regex.Pattern SPARK_MASTER = java.util.regex.Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)\\]|local\\[(\\*|[1-9][0-9]*)\\s*,\\s*[1-9][0-9]*\\]"
                    + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*\\]"
                    + "|spark://[^\\s:/,]+:[0-9]+(,[^\\s:/,]+:[0-9]+)*|yarn|k8s://\\S+|mesos://\\S+");

    /** Keys that apply only to some data sources are refused where they would be ignored. */
    private static void checkSourceKeys(Reader r, WideneckConfig.Data data, Config defaults) {
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

    /** Every path the user set must exist in the defaults (spark.conf is free-form). */
    static void checkKnownKeys(Config user, Config defaults) {
        TreeSet<String> known = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) known.add(e.getKey());
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = e.getKey();
            if (Keys.FREE_FORM.stream().anyMatch(f -> path.startsWith(f + "."))) continue; // free-form maps
            if (defaults.hasPathOrNull(path) || known.contains(path)) continue;
            String hint = closest(path, known);
            throw new UserError("config: unknown key '" + path + "' (" + describe(e.getValue().origin()) + ")"
                    + (hint != null ? "; did you mean '" + hint + "'?" : ""));
        }
    }

    static String describe(ConfigOrigin o) {
        if (o == null) return "unknown origin";
        if (o.filename() != null) return o.filename() + (o.lineNumber() > 0 ? ":" + o.lineNumber() : "");
        return o.description();
    }

    private static String closest(String path, TreeSet<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int dist = editDistance(path, k);
            if (dist < bestD) {
                bestD = dist;
                best = k;
            }
        }
        return bestD <= Math.max(2, path.length() / 4) ? best : null;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Typed reads that turn every failure into one line naming the path, the value and its origin. */
    private record Reader(Config c) {
        String origin(String path) {
            return describe(c.getValue(path).origin());
        }

        UserError bad(String path, String problem) {
            ConfigValue v = c.getValue(path);
            return new UserError("config: " + path + " = " + v.render(ConfigRenderOptions.concise()) + " (" + origin(path) + "): " + problem);
        }

        String string(String path) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
                throw bad(path, "must be a string");
            }
            return String.valueOf(v.unwrapped());
        }

        /** An object of string settings such as Spark reader options ({ header = true, sep = ";" }). */
        Map<String, String> stringMap(String path) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.OBJECT) throw bad(path, "must be an object of settings, e.g. { header = true }");
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
                if (e.getValue().valueType() == ConfigValueType.OBJECT || e.getValue().valueType() == ConfigValueType.LIST) {
                    throw bad(path, "'" + e.getKey() + "' must be a string, number or boolean");
                }
                out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
            }
            return java.util.Collections.unmodifiableMap(out);
        }

        boolean bool(String path) {
            try {
                return c.getBoolean(path);
            } catch (ConfigException.WrongType e) {
                throw bad(path, "must be true or false");
            }
        }

        long longValue(String path) {
            Object u = c.getValue(path).unwrapped();
            if (!(u instanceof Number num) || (u instanceof Double dv && (dv != Math.rint(dv) || Math.abs(dv) > 9.007199254740992E15))) {
                throw bad(path, "must be an integer");
            }
            return num.longValue();
        }

        int intBetween(String path, int min, int max) {
            Object u = c.getValue(path).unwrapped();
            if (!(u instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || num.doubleValue() < min || num.doubleValue() > max) {
                throw bad(path, "must be an integer from " + min + " to " + max);
            }
            return num.intValue();
        }

        org.wideneck.core.kernel.Activation activation(String path) {
            String s = string(path);
            try {
                return org.wideneck.core.kernel.Activation.named(s);
            } catch (IllegalArgumentException e) {
                throw bad(path, "must be one of " + String.join(", ", org.wideneck.core.kernel.Activation.names()));
            }
        }

        org.wideneck.core.model.Loss loss(String path) {
            String s = string(path);
            try {
                return org.wideneck.core.model.Loss.named(s);
            } catch (IllegalArgumentException e) {
                throw bad(path, "must be one of mse, cross-entropy");
            }
        }

        /** β of heavy-ball momentum: a number in [0, 1). */
        double momentum(String path) {
            Object u = c.getValue(path).unwrapped();
            if (!(u instanceof Number num) || !(num.doubleValue() >= 0 && num.doubleValue() < 1)) {
                throw bad(path, "must be a number in [0, 1) (β of SGD with momentum; 0 = plain SGD)");
            }
            return num.doubleValue();
        }

        int intAtLeast(String path, int min) {
            ConfigValue v = c.getValue(path);
            Object u = v.unwrapped();
            if (!(u instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
                throw bad(path, "must be an integer ≥ " + min);
            }
            long x = num.longValue();
            if (x < min || x > Integer.MAX_VALUE) throw bad(path, "must be an integer ≥ " + min);
            return (int) x;
        }

        double positive(String path) {
            Object u = c.getValue(path).unwrapped();
            if (!(u instanceof Number num)) throw bad(path, "must be a positive number");
            double x = num.doubleValue();
            if (!(x > 0) || !Double.isFinite(x)) throw bad(path, "must be a positive number");
            return x;
        }

        double greaterThanOne(String path) {
            Object u = c.getValue(path).unwrapped();
            if (!(u instanceof Number num) || !(num.doubleValue() > 1) || !Double.isFinite(num.doubleValue())) {
                throw bad(path, "must be a number > 1");
            }
            return num.doubleValue();
        }

        /**
         * train.learning-rate as a width → μ map such as {inf: 4, 50: 10, 10: 10} (every width of
         * model.widths named; further widths may be named, so a preset's map serves a run of fewer widths,
         * and are checked too), in the widths' order; empty when it is a plain number.
         */
        Map<String, Double> perWidthRates(String path, List<Width> widths) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.OBJECT) return Map.of();
            Map<String, Object> raw = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
                raw.put(e.getKey().replace("\"", ""), e.getValue().unwrapped());
            }
            Map<String, Double> out = new LinkedHashMap<>();
            for (Width w : widths) {
                Object o = raw.remove(w.label());
                if (o == null) throw bad(path, "names no learning rate for width " + w.label() + " of model.widths = " + widths);
                if (!(o instanceof Number num) || !(num.doubleValue() > 0) || !Double.isFinite(num.doubleValue())) {
                    throw bad(path, "'" + o + "' for width " + w.label() + " is not a positive number");
                }
                out.put(w.label(), num.doubleValue());
            }
            for (Map.Entry<String, Object> e : raw.entrySet()) { // widths the map names but this run does not use: still checked
                if (!e.getKey().equals("inf") && !e.getKey().matches("[1-9][0-9]*")) throw bad(path, "'" + e.getKey() + "' is not a width (a positive integer or inf)");
                if (!(e.getValue() instanceof Number num) || !(num.doubleValue() > 0)) throw bad(path, "'" + e.getValue() + "' for width " + e.getKey() + " is not a positive number");
            }
            return java.util.Collections.unmodifiableMap(out);
        }

        <E extends Enum<E>> E enumValue(String path, Class<E> type) {
            String s = string(path);
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                String n = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
                names.add(n);
                if (n.equals(s)) return e;
            }
            throw bad(path, "must be one of " + String.join(", ", names));
        }

        /** 0 for auto. */
        int threads(String path) {
            Object u = c.getValue(path).unwrapped();
            if ("auto".equals(u)) return 0;
            if (u instanceof Number) return intAtLeast(path, 1);
            throw bad(path, "must be auto or a positive integer");
        }

        int batchSize(String path) {
            Object u = c.getValue(path).unwrapped();
            if ("full".equals(u)) return 0;
            if (u instanceof Number) return intAtLeast(path, 1);
            throw bad(path, "must be a positive integer or full");
        }

        /** none | feature | global; true and false still mean feature and none. */
        WideneckConfig.Standardize standardize(String path) {
            Object u = c.getValue(path).unwrapped();
            if (Boolean.TRUE.equals(u)) return WideneckConfig.Standardize.FEATURE;
            if (Boolean.FALSE.equals(u)) return WideneckConfig.Standardize.NONE;
            return enumValue(path, WideneckConfig.Standardize.class);
        }

        List<Double> positiveList(String path) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list of positive numbers such as [0.3, 1, 3]");
            List<Double> out = new ArrayList<>();
            for (Object o : (List<?>) v.unwrapped()) {
                if (!(o instanceof Number num) || !(num.doubleValue() > 0) || !Double.isFinite(num.doubleValue())) {
                    throw bad(path, "'" + o + "' is not a positive number");
                }
                if (out.contains(num.doubleValue())) throw bad(path, "lists " + o + " twice");
                out.add(num.doubleValue());
            }
            return List.copyOf(out);
        }

        List<Integer> classes(String path) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list of class labels such as [4, 5]");
            List<Integer> out = new ArrayList<>();
            for (Object o : (List<?>) v.unwrapped()) {
                if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || num.intValue() < 0) {
                    throw bad(path, "'" + o + "' is not a class label (an integer ≥ 0)");
                }
                if (out.contains(num.intValue())) throw bad(path, "lists class " + num.intValue() + " twice");
                out.add(num.intValue());
            }
            if (out.size() == 1) throw bad(path, "needs at least two classes");
            return List.copyOf(out);
        }

        List<Width> widths(String path) {
            ConfigValue v = c.getValue(path);
            if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list such as [inf, 100, 10]");
            List<Width> out = new ArrayList<>();
            for (Object o : (List<?>) v.unwrapped()) {
                if ("inf".equals(o)) {
                    out.add(Width.INF);
                } else if (o instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                        && num.doubleValue() >= 1 && num.doubleValue() < Integer.MAX_VALUE) {
                    out.add(new Width(num.intValue()));
                } else {
                    throw bad(path, "'" + o + "' is not a width: each must be a positive integer or inf");
                }
            }
            if (out.isEmpty()) throw bad(path, "needs at least one width");
            if (out.stream().distinct().count() != out.size()) throw bad(path, "lists a width twice");
            return List.copyOf(out);
        }
    }
}
