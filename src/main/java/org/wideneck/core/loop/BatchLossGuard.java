package org.wideneck.core.loop;

import java.util.Locale;

/**
 * The divergence rule on the batches: a run stops when, after a step, the mean loss of the step's batch (from the
 * outputs before the update, {@code Simulation#lastBatchLoss}) exceeds {@link TrainSettings#divergenceFactor()} times
 * the train loss at step 0 (a run far past stability shows it long before the next evaluation).
 */
public final class BatchLossGuard implements StepListener {
    private final Evaluations evaluations;
    private final double factor;

    public BatchLossGuard(Evaluations evaluations, TrainSettings settings) {
        this.evaluations = evaluations;
        this.factor = settings.divergenceFactor();
    }

    @Override
    public String afterStep(LoopContext ctx) {
        if (ctx.stopping() != null) return null;
        double batchLoss = ctx.sim().lastBatchLoss(), start = evaluations.startTrainLoss();
        if (batchLoss > factor * Evaluations.floor(start)) {
            return String.format(Locale.ROOT, "step %d: batch loss %.4g is more than %s × the step-0 train loss %.4g", ctx.step(), batchLoss,
                    Evaluations.factorLabel(factor), start);
        }
        return null;
    }
}
