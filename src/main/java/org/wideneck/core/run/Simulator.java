package org.wideneck.core.run;

/**
 * How a run's model is trained: simulated exactly in function space at infinite width (SPEC §4; kernel SGD for an
 * infinite bottleneck), or as the finite-width network of SPEC §6 in parameter space.
 */
public enum Simulator {
    FUNCTION_SPACE, FINITE_NETWORK
}
