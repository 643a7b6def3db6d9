package org.wideneck.core.run;

import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.Simulation;

/** Builds the simulation a {@link RunPlan} describes, from its initial state (SPEC §3), and trains it. */
public final class RunExecutor {
    private RunExecutor() {}

    /** The simulation at step 0. */
    public static Simulation start(RunPlan plan, Problem problem, Workers workers) {
        double mu = plan.train().learningRate();
        if (plan.infinite()) {
            Dataset tr = problem.train(), te = problem.test();
            double[] f0Train, f0Test;
            if (plan.zeroOutput()) {
                f0Train = new double[tr.size() * tr.dr()];
                f0Test = new double[te.size() * te.dr()];
            } else {
                int m = plan.infWidth();
                f0Train = InfiniteOutputDraw.draw(plan.initSeed(), m, m, tr.x(), tr.size(), tr.d0(), tr.dr(), workers);
                f0Test = InfiniteOutputDraw.draw(plan.initSeed(), m, m, te.x(), te.size(), te.d0(), te.dr(), workers);
            }
            return new KernelSgdSimulator(problem, f0Train, f0Test, mu, workers);
        }
        NetworkWeights w = plan.weights() != null ? plan.weights()
                : NetworkWeights.random(plan.initSeed(), plan.initWidth(), problem.d0(), plan.width(), problem.dr());
        if (plan.finite()) return new FiniteNetwork(problem, w, mu);
        return new BottleneckSimulator(problem, new InitialNetwork(w, plan.zeroOutput()), mu, workers);
    }

    public static RunOutcome execute(RunPlan plan, Problem problem, TrainingLoop.Progress progress) {
        TrainSettings s = plan.train();
        if (s.batchSize() > problem.train().size()) {
            throw new IllegalArgumentException("batch size " + s.batchSize() + " exceeds the " + problem.train().size() + " training points");
        }
        try (Workers workers = new Workers(plan.threads())) {
            Simulation sim = start(plan, problem, workers);
            return TrainingLoop.run(sim, problem, s, progress);
        }
    }
}
