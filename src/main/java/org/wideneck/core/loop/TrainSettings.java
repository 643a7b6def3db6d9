package org.wideneck.core.loop;

import java.io.Serializable;

/**
 * How a run trains (SPEC §4–§5): T steps of batch size B (B = N is full batch) at learning rate μ,
 * batches drawn from {@code seed}, metrics every {@code evalEvery} steps and at the end; the train loss
 * on a fixed subset of {@code evalTrainSize} training points drawn from {@code seed} (0 = all of them).
 * A run is stopped as diverged when a loss grows past {@code divergenceFactor} times its value at step 0
 * (see {@link TrainingLoop}). With {@code features}, each evaluation also records the
 * {@link FeatureDiagnostics} of the run. {@code embeddingUpdate} says how the training points get the
 * deferred updates ({@link EmbeddingUpdate}; AUTO unless given). With {@code keepModel} the run records its
 * trajectory and hands out its {@code TrainedModel} at the end ({@link org.wideneck.core.run.ModelSink}).
 */
public record TrainSettings(int steps, int batchSize, double learningRate, long seed, int evalEvery, int evalTrainSize,
                            double divergenceFactor, boolean features, EmbeddingUpdate embeddingUpdate, boolean keepModel)
        implements Serializable {
    /** The default of {@code train.divergence-factor}: no stable SGD run grows its loss 100-fold. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 100;

    public TrainSettings(int steps, int batchSize, double learningRate, long seed, int evalEvery) {
        this(steps, batchSize, learningRate, seed, evalEvery, 0, DEFAULT_DIVERGENCE_FACTOR, false);
    }

    public TrainSettings(int steps, int batchSize, double learningRate, long seed, int evalEvery, int evalTrainSize,
                         double divergenceFactor, boolean features) {
        this(steps, batchSize, learningRate, seed, evalEvery, evalTrainSize, divergenceFactor, features, EmbeddingUpdate.AUTO);
    }

    public TrainSettings(int steps, int batchSize, double learningRate, long seed, int evalEvery, int evalTrainSize,
                         double divergenceFactor, boolean features, EmbeddingUpdate embeddingUpdate) {
        this(steps, batchSize, learningRate, seed, evalEvery, evalTrainSize, divergenceFactor, features, embeddingUpdate, false);
    }

    public TrainSettings {
        if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        if (evalEvery < 1) throw new IllegalArgumentException("eval-every must be ≥ 1, got " + evalEvery);
        if (evalTrainSize < 0) throw new IllegalArgumentException("eval-train-size must be ≥ 0, got " + evalTrainSize);
        if (!(divergenceFactor > 1)) throw new IllegalArgumentException("divergence factor must be > 1, got " + divergenceFactor);
        if (embeddingUpdate == null) throw new IllegalArgumentException("embedding update must be given");
    }

    /** Training points the train loss reads at each evaluation, of n (all of them when evalTrainSize is 0 or ≥ n). */
    public int evalTrainRows(int n) {
        return evalTrainSize == 0 || evalTrainSize >= n ? n : evalTrainSize;
    }

    /** The same settings at another learning rate. */
    public TrainSettings withLearningRate(double mu) {
        return new TrainSettings(steps, batchSize, mu, seed, evalEvery, evalTrainSize, divergenceFactor, features, embeddingUpdate, keepModel);
    }

    /** The same settings with another embedding update. */
    public TrainSettings withEmbeddingUpdate(EmbeddingUpdate u) {
        return new TrainSettings(steps, batchSize, learningRate, seed, evalEvery, evalTrainSize, divergenceFactor, features, u, keepModel);
    }

    /** The same settings, keeping the trained model or not. */
    public TrainSettings withKeepModel(boolean keep) {
        return new TrainSettings(steps, batchSize, learningRate, seed, evalEvery, evalTrainSize, divergenceFactor, features, embeddingUpdate, keep);
    }
}
