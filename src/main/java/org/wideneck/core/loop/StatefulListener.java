package org.wideneck.core.loop;

import java.io.IOException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;

/** A listener whose state a checkpoint carries, so a resumed run's listener continues as if uninterrupted. */
public interface StatefulListener extends StepListener {
    /** Writes the state (does not change it). */
    void save(StateOutput out) throws IOException;

    /** Replaces the state with what {@link #save} wrote (modifies this). */
    void restore(StateInput in) throws IOException;
}
