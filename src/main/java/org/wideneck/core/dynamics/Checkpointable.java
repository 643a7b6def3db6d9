package org.wideneck.core.dynamics;

import java.io.IOException;
import org.wideneck.core.checkpoint.StateOutput;

/** A simulation whose state a checkpoint can hold, so a run continues from it bitwise as if uninterrupted. */
public interface Checkpointable {
    /**
     * Writes what a checkpoint needs to continue this run (the state the steps change; the initial network is rebuilt
     * from the run's plan). Read back by {@code RunExecutor}. Does not change the simulation.
     */
    void saveState(StateOutput out) throws IOException;
}
