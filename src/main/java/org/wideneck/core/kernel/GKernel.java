package org.wideneck.core.kernel;

/**
 * Θ, the NTK of g with {@code depth} hidden layers of φ = {@code activation} (SPEC §2 for one ReLU layer, §8.2 for
 * the recursion): the activation's one-layer K with m = d0 when depth = 1, {@link KernelRecursion} beyond.
 *
 * @param path the loops blocks are evaluated on
 */
public record GKernel(Activation activation, int depth, KernelPath path) implements InputKernel {
    public GKernel {
        if (depth < 1) throw new IllegalArgumentException("g needs at least one hidden layer, got depth " + depth);
    }

    @Override
    public double value(double a0, double b0, double c0) {
        return depth == 1 ? activation.ntk(a0, b0, c0) : KernelRecursion.theta(activation, depth, a0, b0, c0)[1];
    }

    @Override
    public void inPlace(double[] block, int rows, int cols, double[] rowNorms, int rowOff, double[] colNorms, int colOff, int d0) {
        if (depth == 1) activation.ntkBlock(path, block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
        else KernelRecursion.block(activation, path, depth, false, block, rows, cols, rowNorms, rowOff, colNorms, colOff, d0);
    }
}
