package org.wideneck.core.run;

import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.data.Problem;
import org.wideneck.core.loop.BatchLossGuard;
import org.wideneck.core.loop.EvaluationReporter;
import org.wideneck.core.loop.Evaluations;
import org.wideneck.core.loop.FeatureDiagnostics;
import org.wideneck.core.loop.FeatureRecorder;
import org.wideneck.core.loop.LoopResult;
import org.wideneck.core.loop.ProgressListener;
import org.wideneck.core.loop.StatefulListener;
import org.wideneck.core.loop.StepListener;
import org.wideneck.core.loop.StopRequest;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.model.Model;

/**
 * The listeners of a run, in the order the loop calls them — the batch divergence rule, the evaluations, the feature
 * diagnostics (when recorded), the observer of evaluations (when there is one), the stop request (when one can come), checkpoints (when written),
 * progress — and the run's outcome from what they and the
 * loop measured.
 */
public final class RunListeners {
    private final Evaluations evaluations;
    private final FeatureRecorder features;
    private final List<StepListener> ordered = new ArrayList<>();

    /**
     * @param ck   how the run checkpoints (Checkpointing.NONE: never)
     * @param stop asked before the first and after every step whether to stop (the checkpoint of the step then written)
     * @param told told the metric rows after each evaluation
     */
    public RunListeners(Model model, Problem problem, TrainSettings settings, TrainingLoop.Progress progress, Checkpointing ck,
                        StopRequest.Signal stop, EvaluationReporter.Sink told) {
        this.evaluations = new Evaluations(problem, settings);
        this.features = settings.features() ? new FeatureRecorder(evaluations, new FeatureDiagnostics(problem.train(), settings.seed(), model),
                model) : null;
        ordered.add(new BatchLossGuard(evaluations, settings));
        ordered.add(evaluations);
        if (features != null) ordered.add(features);
        if (told != EvaluationReporter.Sink.NONE) ordered.add(new EvaluationReporter(evaluations, told));
        if (stop != StopRequest.Signal.NEVER) ordered.add(new StopRequest(stop));
        if (ck.every() > 0) ordered.add(new Checkpointer(ck, stateful()));
        ordered.add(new ProgressListener(progress));
    }

    /** Listeners without progress or checkpoints (tests, a run driven by hand). */
    public static RunListeners plain(Model model, Problem problem, TrainSettings settings) {
        return new RunListeners(model, problem, settings, TrainingLoop.Progress.NONE, Checkpointing.NONE, StopRequest.Signal.NEVER,
                EvaluationReporter.Sink.NONE);
    }

    public List<StepListener> ordered() {
        return List.copyOf(ordered);
    }

    /** The listeners whose state a checkpoint carries, in the order it carries them. */
    public List<StatefulListener> stateful() {
        List<StatefulListener> s = new ArrayList<>();
        s.add(evaluations);
        if (features != null) s.add(features);
        return s;
    }

    /** The run's outcome: the loop's measures, the metric rows and feature points, no model yet. */
    public RunOutcome outcome(LoopResult r) {
        return new RunOutcome(evaluations.rows(), r.steps(), r.trainSeconds(), evaluations.seconds(), r.wallSeconds(), r.matrixFlops(),
                r.finalStepSeconds(), r.stopped(), features == null ? List.of() : features.points(), null, r.stepSeconds());
    }
}
