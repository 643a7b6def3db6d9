package org.wideneck.app.ml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.data.DataLoader;
import org.wideneck.app.data.SparkData;
import org.wideneck.app.model.ModelInfo;
import org.wideneck.core.data.Problem;
import org.wideneck.core.trained.TrainedModel;
import org.wideneck.core.loop.EmbeddingUpdate;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.model.Model;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.Simulator;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.loop.TrainSettings;

/**
 * One wideneck run as a Spark ML {@link Estimator}: {@link #fit} trains the function-space simulation of SGD
 * on an infinitely wide network with a bottleneck of width {@code width} (or {@code inf}, kernel SGD with
 * Θ_∞) on the rows of a data frame and returns a {@link WideneckModel}. The rows are collected to the driver
 * and checked as {@code data.source = spark} checks them (features: an MLlib vector or numeric array; labels:
 * class indices or targets, as {@code labelType} says); rows where {@code validationIndicatorCol} is true are
 * held out as test points and evaluated every {@code evalEvery} steps ({@link WideneckModel#trainingMetrics}).
 * The run itself is the core's ({@link RunExecutor}), on the driver's threads: SGD steps are sequential, so a
 * single run does not spread over executors — {@code submit/cluster} sweeps many runs across a cluster.
 * Defaults follow the command line's ({@code Keys}) with the width at 100.
 */
public final class WideneckEstimator extends Estimator<WideneckModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> labelType;
    private final Param<String> validationIndicatorCol;
    private final Param<String> width;
    private final DoubleParam learningRate;
    private final IntParam steps;
    private final IntParam batchSize;
    private final IntParam initWidth;
    private final IntParam infWidth;
    private final LongParam seed;
    private final LongParam batchSeed;
    private final BooleanParam zeroOutput;
    private final Param<String> standardize;
    private final IntParam evalEvery;
    private final IntParam threads;

    public WideneckEstimator() {
        this(Identifiable$.MODULE$.randomUID("WideneckEstimator"));
    }

    public WideneckEstimator(String uid) {
        this.uid = uid; // before the parameters, which take their parent's uid
        this.featuresCol = new Param<>(this, "featuresCol", "features column: an MLlib vector or a numeric array");
        this.labelCol = new Param<>(this, "labelCol", "label column: class indices, or targets (a number, vector or array)");
        this.labelType = new Param<>(this, "labelType", "auto, class or target (see data.spark.label-type)",
            ParamValidators.inArray(new String[] {"auto", "class", "target"}));
        this.validationIndicatorCol = new Param<>(this, "validationIndicatorCol",
            "a boolean column: rows where it is true are test points, not trained on (unset: none)");
        this.width = new Param<>(this, "width", "bottleneck width d (a positive integer) or inf",
            (scala.Function1<String, Object>) v -> v.equals("inf") || v.matches("[1-9][0-9]{0,8}"));
        this.learningRate = new DoubleParam(this, "learningRate", "μ; the loss is the batch mean of ½|F − y|²",
            ParamValidators.gt(0));
        this.steps = new IntParam(this, "steps", "SGD steps", ParamValidators.gtEq(0));
        this.batchSize = new IntParam(this, "batchSize", "batch size B", ParamValidators.gtEq(1));
        this.initWidth = new IntParam(this, "initWidth", "hidden width n of the random initial state", ParamValidators.gtEq(1));
        this.infWidth = new IntParam(this, "infWidth", "m of the inf run's F_0 draw (0: initWidth)", ParamValidators.gtEq(0));
        this.seed = new LongParam(this, "seed", "seed of the initial weights");
        this.batchSeed = new LongParam(this, "batchSeed", "seed of the batch order");
        this.zeroOutput = new BooleanParam(this, "zeroOutput", "start from F_0 = 0");
        this.standardize = new Param<>(this, "standardize", "none, feature or global (training statistics, kept in the model)",
            ParamValidators.inArray(new String[] {"none", "feature", "global"}));
        this.evalEvery = new IntParam(this, "evalEvery", "steps between metric evaluations", ParamValidators.gtEq(1));
        this.threads = new IntParam(this, "threads", "driver threads of the run (0: all cores)", ParamValidators.gtEq(0));
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(labelType, "auto");
        setDefault(width, "100");
        setDefault(learningRate, 1.0);
        setDefault(steps, 1000);
        setDefault(batchSize, 20);
        setDefault(initWidth, 10000);
        setDefault(infWidth, 0);
        setDefault(seed, 1L);
        setDefault(batchSeed, 1L);
        setDefault(zeroOutput, false);
        setDefault(standardize, "none");
        setDefault(evalEvery, 100);
        setDefault(threads, 0);
    }

    @Override
    public String uid() {
        return uid;
    }

    // parameters: public accessors (Spark ML finds params through them) and setters
    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> labelType() { return labelType; }
    public Param<String> validationIndicatorCol() { return validationIndicatorCol; }
    public Param<String> width() { return width; }
    public DoubleParam learningRate() { return learningRate; }
    public IntParam steps() { return steps; }
    public IntParam batchSize() { return batchSize; }
    public IntParam initWidth() { return initWidth; }
    public IntParam infWidth() { return infWidth; }
    public LongParam seed() { return seed; }
    public LongParam batchSeed() { return batchSeed; }
    public BooleanParam zeroOutput() { return zeroOutput; }
    public Param<String> standardize() { return standardize; }
    public IntParam evalEvery() { return evalEvery; }
    public IntParam threads() { return threads; }

    public WideneckEstimator setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public WideneckEstimator setLabelCol(String v) { set(labelCol, v); return this; }
    public WideneckEstimator setLabelType(String v) { set(labelType, v); return this; }
    public WideneckEstimator setValidationIndicatorCol(String v) { set(validationIndicatorCol, v); return this; }
    public WideneckEstimator setWidth(String v) { set(width, v); return this; }
    public WideneckEstimator setWidth(int v) { set(width, Integer.toString(v)); return this; }
    public WideneckEstimator setLearningRate(double v) { set(learningRate, v); return this; }
    public WideneckEstimator setSteps(int v) { set(steps, v); return this; }
    public WideneckEstimator setBatchSize(int v) { set(batchSize, v); return this; }
    public WideneckEstimator setInitWidth(int v) { set(initWidth, v); return this; }
    public WideneckEstimator setInfWidth(int v) { set(infWidth, v); return this; }
    public WideneckEstimator setSeed(long v) { set(seed, v); return this; }
    public WideneckEstimator setBatchSeed(long v) { set(batchSeed, v); return this; }
    public WideneckEstimator setZeroOutput(boolean v) { set(zeroOutput, v); return this; }
    public WideneckEstimator setStandardize(String v) { set(standardize, v); return this; }
    public WideneckEstimator setEvalEvery(int v) { set(evalEvery, v); return this; }
    public WideneckEstimator setThreads(int v) { set(threads, v); return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        SparkData.featureColumns(schema, str(featuresCol), str(labelCol), "the input", "featuresCol");
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(str(labelCol))) {
            throw new IllegalArgumentException("the input has no label column '" + str(labelCol) + "'");
        }
        return WideneckModel.withOutputs(schema, str(featuresCol), "outputs", "prediction");
    }

    private String str(Param<String> p) {
        return getOrDefault(p);
    }

    private int i(IntParam p) {
        return (Integer) getOrDefault(p);
    }

    private long l(LongParam p) {
        return (Long) getOrDefault(p);
    }

    private double d(DoubleParam p) {
        return (Double) getOrDefault(p);
    }

    private boolean b(BooleanParam p) {
        return (Boolean) getOrDefault(p);
    }

    /**
     * Trains one run on the rows (test points: those where validationIndicatorCol is true) and returns its model.
     *
     * @throws IllegalArgumentException for data that cannot be trained on (named in the message) or a run that diverges
     */
    @Override
    public WideneckModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        WideneckConfig.SparkSource src = new WideneckConfig.SparkSource("dataframe", "", "", str(featuresCol), str(labelCol),
                WideneckConfig.LabelType.valueOf(str(labelType).toUpperCase(java.util.Locale.ROOT)), Map.of());
        WideneckConfig.Data cfg = new WideneckConfig.Data(WideneckConfig.Source.SPARK, 1, null, null, src, "", 0, 0, List.of(),
                WideneckConfig.Standardize.valueOf(str(standardize).toUpperCase(java.util.Locale.ROOT)));
        DataLoader.Prepared data;
        try {
            data = SparkData.prepare(dataset.toDF(), cfg, isSet(validationIndicatorCol) ? str(validationIndicatorCol) : null, "the input data frame");
        } catch (UserError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Problem p = data.problem();
        int bs = i(batchSize);
        if (bs > p.train().size()) throw new IllegalArgumentException("batchSize " + bs + " exceeds the " + p.train().size() + " training rows");
        TrainSettings s = new TrainSettings(i(steps), bs, d(learningRate), l(batchSeed), i(evalEvery), 0, TrainSettings.DEFAULT_DIVERGENCE_FACTOR,
                false, EmbeddingUpdate.AUTO, true);
        int t = i(threads) > 0 ? i(threads) : Runtime.getRuntime().availableProcessors();
        Model network = Model.paper(str(width).equals("inf") ? Model.INF : Integer.parseInt(str(width)));
        InitSettings init = new InitSettings(l(seed), i(initWidth), i(infWidth) > 0 ? i(infWidth) : i(initWidth), b(zeroOutput), null);
        RunPlan plan = new RunPlan(network, Simulator.FUNCTION_SPACE, l(seed), init, s, "", t);
        List<TrainedModel> got = new ArrayList<>();
        RunOutcome o = RunExecutor.execute(plan, p, RunHooks.none().withModels((pl, m) -> {
            got.add(m);
            return "memory";
        }));
        if (o.diverged() != null) throw new IllegalArgumentException("the run diverged at " + o.diverged() + "; lower learningRate");
        List<Integer> labels = null;
        if (p.train().classification()) {
            labels = new ArrayList<>();
            for (int k = 0; k < p.dr(); k++) labels.add(k);
        }
        ModelInfo info = new ModelInfo(p.d0(), p.dr(), data.transform(), labels, Map.of("wideneck", Versions.wideneck(),
                "fitted_by", uid, "training_rows", p.train().size()));
        WideneckModel model = new WideneckModel(Identifiable$.MODULE$.randomUID("WideneckModel"), got.get(0), info, o.metrics());
        model.setFeaturesCol(str(featuresCol));
        return copyValues(model, extractParamMap()).setParent(this);
    }

    @Override
    public WideneckEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Saves the estimator's parameters (Spark ML's default format); load with {@link #load}. */
    public static WideneckEstimator load(String path) throws IOException {
        return new org.apache.spark.ml.util.DefaultParamsReader<WideneckEstimator>().load(path);
    }
}
