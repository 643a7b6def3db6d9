package org.wideneck.core.loop;

/**
 * How the deferred eq 42 updates reach the training points (SPEC §4; see
 * {@code core.dynamics.LocalTrainPoints}): every point at every block of sources (eager), or a point only
 * when it is read — drawn into a batch, evaluated, or looked at by the feature diagnostics (lazy). Both
 * compute the same sums; lazy skips the blocks a point would get after its last read. {@link #AUTO} (the
 * default, {@code train.embedding-update}) decides before each step by the cost rule
 * <pre>
 *   lazy  ⇔  c · min(1, f_draw + f_eval) &lt; 1,   f_draw = (T − t)·B / N,   f_eval = N_eval / N
 * </pre>
 * where f_draw + f_eval bounds the share of the N training points that will be read again after step t
 * (the T − t remaining steps draw (T − t)·B points; the train-loss subset of N_eval points is read at
 * every evaluation, the last one included), and c = {@link #LAZY_PAIR_COST} is the measured cost of a
 * lazily applied kernel pair relative to an eager one (smaller products: a batch's rows, not 1024-row
 * ranges). Eager is kept while nearly every point will be read again anyway; the rule only moves from
 * eager to lazy as a run goes on (f_draw shrinks), so no point is brought up to date in bulk except by an
 * evaluation. State held on Spark executors ({@code spark.train-points = blocks}) is always eager.
 */
public enum EmbeddingUpdate {
    AUTO, EAGER, LAZY;

    /**
     * The cost of a kernel pair applied lazily relative to one applied eagerly, at MNIST scale on this
     * project's reference machine (docs/performance.md "Lazy embedding update", {@code submit/bench}).
     */
    public static final double LAZY_PAIR_COST = 1.25;

    /**
     * Whether the updates the step after {@code step} steps records are applied lazily.
     *
     * @param n training points N
     */
    public boolean lazyAt(int step, TrainSettings s, int n) {
        return switch (this) {
            case EAGER -> false;
            case LAZY -> true;
            case AUTO -> {
                double draw = (double) Math.max(0, s.steps() - step) * s.batchSize() / n;
                double read = Math.min(1.0, draw + (double) s.evalTrainRows(n) / n);
                yield LAZY_PAIR_COST * read < 1.0;
            }
        };
    }
}
