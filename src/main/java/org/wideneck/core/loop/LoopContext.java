package org.wideneck.core.loop;

import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.Simulation;

/** What the training loop shows its listeners. */
public interface LoopContext {
    Simulation sim();

    Problem problem();

    TrainSettings settings();

    /** Steps done. */
    int step();

    /** Wall seconds since the run started (a resumed run's continue its own). */
    double wallSeconds();

    /** Seconds spent in the steps themselves so far. */
    double trainSeconds();

    /** The reason the run stops after this step, given by an earlier listener, or null. */
    String stopping();

    /** Where the loop stands (what a checkpoint needs of it); read, do not change. */
    TrainingLoop.Position position();
}
