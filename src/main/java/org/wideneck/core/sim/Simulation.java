package org.wideneck.core.sim;

/**
 * One training run advanced step by step: the function-space simulation at a finite bottleneck, the
 * `inf` kernel-SGD baseline, or the finite-width network in parameter space.
 */
public interface Simulation {
    /** Advances one SGD step on the given training indices (SPEC §4). */
    void step(int[] batch);

    /** F_t at every point of the split, N×dr (a fresh array). */
    double[] outputs(Split split);

    /** Loss and accuracy of the split now. */
    default Evaluation evaluate(Dataset data, Split split) {
        return data.evaluate(outputs(split));
    }

    /** Matrix-product flops done so far (2·m·n·k per product). */
    long matrixFlops();
}
