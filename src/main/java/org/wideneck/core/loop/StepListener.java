package org.wideneck.core.loop;

/**
 * Something that observes the training loop (its integrator is kept apart from what watches it): evaluations, the
 * divergence rule, feature diagnostics, checkpoints, progress. Each listener owns its state; the loop calls them in
 * the order it was given, after every step.
 */
public interface StepListener {
    /**
     * Before the first step this process takes (ctx.step() is 0 for a fresh run, the checkpoint's step for a resumed
     * one). Returns a reason to stop the run before any step, or null.
     */
    default String started(LoopContext ctx) {
        return null;
    }

    /**
     * After each step. Returns a reason to stop the run after this step (it diverged), or null; ctx.stopping() holds
     * an earlier listener's reason for this step, when there is one.
     */
    default String afterStep(LoopContext ctx) {
        return null;
    }
}
