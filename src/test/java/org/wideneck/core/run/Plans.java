package org.wideneck.core.run;

import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.model.Model;

/** Test fixtures: plans of the paper's model in the shape the tests give them, and a run of the loop by hand. */
public final class Plans {
    private Plans() {}

    /** A plan of the paper's model (ReLU, one-layer g, squared loss, no momentum) at bottleneck width (Model.INF for inf). */
    public static RunPlan of(int width, boolean finiteNetwork, long replicate, long initSeed, int initWidth, int infWidth, boolean zeroOutput,
                             NetworkWeights weights, TrainSettings train, int threads) {
        return of(Model.paper(width), finiteNetwork, replicate, initSeed, initWidth, infWidth, zeroOutput, weights, train, threads);
    }

    /** A plan of the given model. */
    public static RunPlan of(Model model, boolean finiteNetwork, long replicate, long initSeed, int initWidth, int infWidth, boolean zeroOutput,
                             NetworkWeights weights, TrainSettings train, int threads) {
        return new RunPlan(model, finiteNetwork ? Simulator.FINITE_NETWORK : Simulator.FUNCTION_SPACE, replicate,
                new InitSettings(initSeed, initWidth, infWidth, zeroOutput, weights), train, "", threads);
    }

    /** Trains sim from step 0 with the plain listeners (no checkpoints, no progress); its outcome. */
    public static RunOutcome train(Simulation sim, Problem problem, Model model, TrainSettings settings) {
        RunListeners l = RunListeners.plain(model, problem, settings);
        return l.outcome(TrainingLoop.run(sim, problem, settings, l.ordered(), TrainingLoop.Position.start()));
    }

    /** As {@link #train} for the paper's model at width d (Model.INF for inf). */
    public static RunOutcome train(Simulation sim, Problem problem, int width, TrainSettings settings) {
        return train(sim, problem, Model.paper(width), settings);
    }
}
