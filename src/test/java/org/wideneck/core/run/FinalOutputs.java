package org.wideneck.core.run;

import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.parallel.Workers;

/** Tests' reference for a model: a plan's run trained by hand in the core, and its final test outputs. */
public final class FinalOutputs {
    private FinalOutputs() {}

    /** F_T at the problem's test points after the plan's run (on 2 threads; the bits do not depend on them). */
    public static double[] test(RunPlan plan, Problem p) {
        try (Workers w = new Workers(2)) {
            Simulation sim = RunExecutor.start(plan, p, w);
            Plans.train(sim, p, plan.model(), plan.train());
            return ((LocalOutputs) sim).outputs(Split.TEST);
        }
    }
}
