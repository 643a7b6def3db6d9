package org.wideneck.core.run;

import org.wideneck.core.dynamics.Simulation;

/**
 * Where a run's simulation is evaluated: in this process ({@link #LOCAL}), or elsewhere (Spark's executors, the
 * Spark layer's partitioned evaluation). The one run lifecycle ({@link RunExecutor#execute}) hands the simulation to
 * its site before the loop and closes what the site attached after it.
 */
@FunctionalInterface
public interface EvaluationSite {
    /** The simulation the loop drives: sim itself, or one that evaluates it elsewhere. Close it when the run ends. */
    Attached attach(Simulation sim);

    /** The simulation as attached to its site. */
    interface Attached extends AutoCloseable {
        Simulation sim();

        @Override
        void close();
    }

    /** Evaluated where it runs. */
    EvaluationSite LOCAL = sim -> new Attached() {
        @Override
        public Simulation sim() {
            return sim;
        }

        @Override
        public void close() {}
    };
}
