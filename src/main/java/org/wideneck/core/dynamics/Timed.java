package org.wideneck.core.dynamics;

import java.util.Map;

/** A simulation that times the parts of its steps. */
public interface Timed {
    /**
     * Seconds the training steps spent in each part since this object was made (a run continued from a checkpoint
     * counts from the restart), in a fixed order.
     */
    Map<String, Double> stepSeconds();
}
