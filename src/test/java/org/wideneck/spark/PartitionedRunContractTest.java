package org.wideneck.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wideneck.core.dynamics.Simulation;

/**
 * PartitionedRun wraps a core simulation: every default method of {@link Simulation} must be forwarded
 * (or replaced) by it, or the wrapped simulation silently loses a hint — as the lazy embedding update was
 * lost once (the run stayed eager in partitioned mode, with the same bits and no error).
 */
class PartitionedRunContractTest {
    @Test
    void everyDefaultMethodOfSimulationIsOverridden() throws NoSuchMethodException {
        List<String> missing = new ArrayList<>();
        for (Method m : Simulation.class.getMethods()) {
            if (!m.isDefault()) continue;
            Method impl = PartitionedRun.class.getMethod(m.getName(), m.getParameterTypes());
            if (impl.getDeclaringClass() != PartitionedRun.class) missing.add(m.getName());
        }
        assertEquals(List.of(), missing, "Simulation methods PartitionedRun does not override");
    }
}
