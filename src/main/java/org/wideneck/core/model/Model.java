package org.wideneck.core.model;

import java.io.Serializable;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.GKernel;
import org.wideneck.core.kernel.InfiniteBottleneckKernel;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.Relu;

/**
 * The network a run trains and how (SPEC §1, §8): its bottleneck (a finite width d, or {@link #INF}), the
 * activation φ of g and f, the number of hidden layers of g, the loss, and the optimiser's momentum. The paper's
 * model ({@link #paper}) is ReLU, one hidden layer, squared loss, plain SGD. Every part of the core that depends
 * on the model takes this value (or what it derives: {@link #inputKernel}, {@link #outputKernel}), never flags.
 *
 * @param width bottleneck width d, or {@link #INF}
 */
public record Model(int width, Activation activation, int gDepth, Loss loss, Momentum momentum) implements Serializable {
    public static final int INF = Integer.MAX_VALUE;

    public Model {
        if (width < 1) throw new IllegalArgumentException("bottleneck width must be ≥ 1, got " + width);
        if (gDepth < 1) throw new IllegalArgumentException("g needs at least one hidden layer, got " + gDepth);
        if (activation == null || loss == null || momentum == null) throw new IllegalArgumentException("every part of a model must be given");
    }

    /** The paper's model at bottleneck width d: ReLU, one hidden layer in g, squared loss, SGD without momentum. */
    public static Model paper(int width) {
        return new Model(width, Relu.INSTANCE, 1, Loss.MSE, Momentum.NONE);
    }

    /** The same model at another bottleneck width. */
    public Model withWidth(int w) {
        return new Model(w, activation, gDepth, loss, momentum);
    }

    /** Whether the bottleneck is infinite (the `inf` runs: kernel SGD with Θ_∞). */
    public boolean infinite() {
        return width == INF;
    }

    /** "inf" or d. */
    public String widthLabel() {
        return infinite() ? "inf" : Integer.toString(width);
    }

    /** The kernel of the eq 42 update of the points' state: Θ of g, or Θ_∞ for the infinite bottleneck. */
    public InputKernel inputKernel(KernelPath path) {
        return infinite() ? new InfiniteBottleneckKernel(activation, gDepth, path) : new GKernel(activation, gDepth, path);
    }

    /** K of f and its Ξ (eqs 43–44); only a finite bottleneck has them. */
    public FKernel outputKernel(KernelPath path) {
        if (infinite()) throw new IllegalStateException("the infinite bottleneck has no separate f");
        return new FKernel(activation, path);
    }

    /** "relu, g-depth 1, mse" and ", momentum 0.9" when there is any: the model in one line. */
    public String describe() {
        return activation.name() + ", g-depth " + gDepth + ", " + loss.label() + (momentum.active() ? ", momentum " + momentum.beta() : "");
    }
}
