package org.wideneck.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.wideneck.core.dynamics.Checkpointable;
import org.wideneck.core.loop.LoopContext;
import org.wideneck.core.loop.StatefulListener;
import org.wideneck.core.loop.StepListener;
import org.wideneck.core.loop.StopRequest;

/**
 * Writes a run's checkpoint every {@link Checkpointing#every} steps and at the step where it is interrupted (never after
 * a step where it diverges): the loop's
 * position, the stateful listeners' states in order, and the simulation's ({@link Checkpoints}). A checkpoint that
 * cannot be written is noted and the run goes on.
 */
final class Checkpointer implements StepListener {
    private final Checkpointing ck;
    private final List<StatefulListener> stateful;

    Checkpointer(Checkpointing ck, List<StatefulListener> stateful) {
        this.ck = ck;
        this.stateful = List.copyOf(stateful);
    }

    @Override
    public String afterStep(LoopContext ctx) {
        boolean interrupted = StopRequest.REASON.equals(ctx.stopping());
        if (ctx.stopping() != null && !interrupted) return null;
        if (!interrupted && !ck.due(ctx.step(), ctx.settings().steps())) return null;
        try {
            Checkpoints.save(ck, ctx.position(), stateful, (Checkpointable) ctx.sim());
        } catch (IOException | UncheckedIOException e) {
            ck.log().accept("the checkpoint at step " + ctx.step() + " could not be written (" + e.getMessage() + "); the run goes on");
        }
        return null;
    }
}
