package org.wideneck.app.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.InputTransform;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.core.checkpoint.CheckpointFormat;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.trained.TrainedModel;
import org.wideneck.core.run.ModelSink;
import org.wideneck.core.run.RunPlan;
import org.wideneck.app.ml.WideneckModel;

/**
 * A saved model: a directory (local or on a Hadoop file system) holding
 * <ul>
 *   <li>{@code model.bin} — the {@link TrainedModel} with every double's exact bits, ending with its SHA-256
 *       (the checkpoint format under its own magic line);</li>
 *   <li>{@code model.json} — what it is, for people and for loading: kind, width, μ, d0, dr, the run's seeds
 *       and settings, the input transform, the class labels, provenance;</li>
 *   <li>{@code metadata/part-00000} — Spark ML's parameter metadata ({@code DefaultParamsReader}'s format),
 *       so a Pipeline that holds a {@code WideneckModel} stage loads it like any Spark ML stage.</li>
 * </ul>
 * As a {@link ModelSink} it saves each finished run of a sweep to {@code <output.dir>/models/<run key>/},
 * from wherever the run ran (an executor in sweep mode), each file written whole.
 */
public final class ModelFiles implements ModelSink {
    private static final long serialVersionUID = 1L;
    public static final String BIN = "model.bin", JSON = "model.json", METADATA = "metadata/part-00000";
    /** The Spark ML class a saved model loads as. */
    public static final String SPARK_ML_CLASS = "org.wideneck.app.ml.WideneckModel";

    private final FileStore root;
    private final ModelInfo info;
    private final String sparkVersion;

    /** @param root where each run's model directory goes ({@code <output.dir>/models}) */
    public ModelFiles(FileStore root, ModelInfo info, String sparkVersion) {
        this.root = root;
        this.info = info;
        this.sparkVersion = sparkVersion;
    }

    @Override
    public String save(RunPlan plan, TrainedModel model) throws IOException {
        FileStore dir = root.resolve(plan.key());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("width", plan.widthLabel());
        run.put("replicate", plan.replicate());
        run.put("init_seed", plan.init().seed());
        run.put("init_width", plan.init().width());
        run.put("inf_width", plan.init().infWidth());
        run.put("init_weights", plan.init().weights() == null ? "drawn" : "given");
        run.put("activation", plan.model().activation().name());
        run.put("g_depth", plan.model().gDepth());
        run.put("loss", plan.model().loss().label());
        run.put("momentum", plan.model().momentum().beta());
        run.put("batch_seed", plan.train().seed());
        run.put("steps", plan.train().steps());
        run.put("batch_size", plan.train().batchSize());
        write(dir, model, info, run, "wideneck_" + plan.key().replace('.', '_'), DEFAULT_PARAMS, sparkVersion);
        return dir.location();
    }

    /** The Spark ML column parameters of a model saved by a sweep. */
    public static final Map<String, String> DEFAULT_PARAMS = Map.of("featuresCol", "features", "outputsCol", "outputs", "predictionCol", "prediction");

    /**
     * Writes a model directory (model.bin last: a directory without it is not a model).
     *
     * @param params the Spark ML parameters recorded in metadata/ (the model's column names)
     */
    public static void write(FileStore dir, TrainedModel model, ModelInfo info, Map<String, Object> run, String uid, Map<String, String> params,
                             String sparkVersion) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "wideneck-model 1");
        m.put("kind", model.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("width", model.kind() == TrainedModel.Kind.INFINITE ? "inf" : Integer.toString(model.width()));
        m.put("learning_rate", model.mu());
        m.put("d0", model.d0());
        m.put("dr", model.dr());
        m.put("kernel_path", model.path().name().toLowerCase(java.util.Locale.ROOT));
        m.put("update_sources", model.sources());
        m.put("update_groups", model.groups());
        m.put("training_inputs_kept", model.sourceRows());
        m.put("history_size", model.historySize());
        m.put("run", run);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("standardize", info.transform().kind().name().toLowerCase(java.util.Locale.ROOT));
        tr.put("mean", doubles(info.transform().mean()));
        tr.put("sd", doubles(info.transform().sd()));
        m.put("input_transform", tr);
        m.put("class_labels", info.classLabels() == null ? null : info.classLabels());
        m.put("provenance", info.provenance());
        m.put("saved", Instant.now().toString());
        dir.writeString(JSON, ConfigValueFactory.fromMap(m).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("class", SPARK_ML_CLASS);
        meta.put("timestamp", System.currentTimeMillis());
        meta.put("sparkVersion", sparkVersion);
        meta.put("uid", uid);
        meta.put("paramMap", new java.util.TreeMap<>(params));
        meta.put("defaultParamMap", new java.util.TreeMap<>(DEFAULT_PARAMS));
        dir.writeString(METADATA, ConfigValueFactory.fromMap(meta).render(ConfigRenderOptions.concise().setJson(true)) + "\n");
        dir.write(BIN, out -> CheckpointFormat.write(out, CheckpointFormat.MODEL, model::save));
    }

    private static List<Double> doubles(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) l.add(v);
        return l;
    }

    /** A model as read back: the trained state and what it needs besides. */
    public record Loaded(String location, TrainedModel model, ModelInfo info, Config json) {}

    /** The model in dir; a user error naming the problem when dir holds none or a damaged one. */
    public static Loaded read(FileStore dir) {
        try {
            if (!dir.isFile(BIN)) {
                throw new UserError("'" + dir.location() + "' is not a wideneck model directory (no " + BIN
                        + "; a sweep saves models with output.model = true)");
            }
            Config json = ConfigFactory.parseString(dir.readString(JSON));
            long size = dir.size(BIN);
            try (InputStream in = dir.open(BIN)) {
                CheckpointFormat.verify(in, size);
            }
            TrainedModel model;
            try (InputStream in = dir.open(BIN)) {
                model = CheckpointFormat.read(in, size, CheckpointFormat.MODEL, TrainedModel::load);
            }
            return new Loaded(dir.location(), model, info(json, model), json);
        } catch (CorruptCheckpointException e) {
            throw new UserError("model '" + dir.location() + "' cannot be used: " + BIN + " " + e.getMessage());
        } catch (ConfigException e) {
            throw new UserError("model '" + dir.location() + "' cannot be used: " + JSON + " is not a wideneck model description: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read model '" + dir.location() + "': " + FileStores.oneLine(e));
        }
    }

    private static ModelInfo info(Config json, TrainedModel model) {
        InputTransform t = transform(json.getConfig("input_transform"), model.d0());
        List<Integer> labels = json.getIsNull("class_labels") ? null : json.getIntList("class_labels");
        Map<String, Object> prov = json.hasPath("provenance") ? json.getConfig("provenance").root().unwrapped() : Map.of();
        if (json.getInt("d0") != model.d0() || json.getInt("dr") != model.dr()) {
            throw new ConfigException.BadValue("d0", "model.json's shape does not match model.bin's");
        }
        return new ModelInfo(model.d0(), model.dr(), t, labels, prov);
    }

    /** model.json's input_transform, checked against the model's d0; a bad one is a {@link ConfigException.BadValue}. */
    private static InputTransform transform(Config tr, int d0) {
        String name = tr.getString("standardize");
        WideneckConfig.Standardize kind;
        try {
            kind = WideneckConfig.Standardize.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("input_transform.standardize", "\"" + name + "\" is not none, feature or global");
        }
        double[] mean = array(tr.getDoubleList("mean")), sd = array(tr.getDoubleList("sd"));
        int want = switch (kind) {
            case NONE -> 0;
            case GLOBAL -> 1;
            case FEATURE -> d0;
        };
        if (mean.length != want || sd.length != want) {
            throw new ConfigException.BadValue("input_transform", "standardize = " + name + " needs " + want + " mean and sd values for d0 = " + d0
                    + ", not " + mean.length + " and " + sd.length);
        }
        for (int j = 0; j < want; j++) {
            if (!Double.isFinite(mean[j]) || !(sd[j] >= 0) || !Double.isFinite(sd[j]) || (kind == WideneckConfig.Standardize.GLOBAL && sd[j] == 0)) {
                throw new ConfigException.BadValue("input_transform", "mean " + mean[j] + " or sd " + sd[j] + " of feature " + j + " is not a usable value");
            }
        }
        return new InputTransform(kind, mean, sd);
    }

    private static double[] array(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
