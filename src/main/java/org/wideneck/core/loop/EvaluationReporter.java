package org.wideneck.core.loop;

import java.io.Serializable;
import java.util.List;

/**
 * Tells an outside observer the run's metric rows each time an evaluation adds some (and once at the start, a resumed
 * run's restored rows included), so a sweep can show a run while it is going.
 */
public final class EvaluationReporter implements StepListener {
    /** Receives the rows so far, the step reached and the run's steps; implementations must not keep the list. */
    public interface Sink extends Serializable {
        void evaluated(List<MetricPoint> rows, int step, int steps);

        Sink NONE = (rows, step, steps) -> {};
    }

    private final Evaluations evaluations;
    private final Sink sink;
    private int told = -1;

    public EvaluationReporter(Evaluations evaluations, Sink sink) {
        this.evaluations = evaluations;
        this.sink = sink;
    }

    @Override
    public String started(LoopContext ctx) {
        tell(ctx);
        return null;
    }

    @Override
    public String afterStep(LoopContext ctx) {
        if (evaluations.rows().size() != told) tell(ctx);
        return null;
    }

    private void tell(LoopContext ctx) {
        told = evaluations.rows().size();
        if (told > 0) sink.evaluated(List.copyOf(evaluations.rows()), ctx.step(), ctx.settings().steps());
    }
}
