package org.wideneck.core.loop;

/** Passes every step to a {@link TrainingLoop.Progress} (which rate-limits its own output). */
public final class ProgressListener implements StepListener {
    private final TrainingLoop.Progress progress;

    public ProgressListener(TrainingLoop.Progress progress) {
        this.progress = progress;
    }

    @Override
    public String afterStep(LoopContext ctx) {
        progress.onStep(ctx.step(), ctx.settings().steps(), ctx.trainSeconds(), ctx.wallSeconds());
        return null;
    }
}
