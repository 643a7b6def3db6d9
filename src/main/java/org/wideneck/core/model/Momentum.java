package org.wideneck.core.model;

import java.io.Serializable;

/**
 * SGD with heavy-ball momentum β (SPEC §8.4; PyTorch's: v ← βv + ∇L, w ← w − μv, dampening 0, v = 0 at the start).
 * In function space the kernels are frozen, so an update made at step s counts at step t &gt; s with the weight
 * <pre>
 *   c(t − s) = (1 − β^(t−s)) / (1 − β)        (= 1 for β = 0: plain SGD)
 * </pre>
 * Equivalently each point carries a velocity V (V ← βV + u_s, g ← g − μV). Over the steps [t0, t1) a point's state
 * (g, V' = −μV) moves by the sources u_s of those steps as
 * <pre>
 *   g  ← g + a(t1 − t0)·V' − μ Σ_s c(t1 − s)·u_s,      a(k) = β(1 − β^k)/(1 − β)
 *   V' ← β^(t1−t0)·V' − μ Σ_s β^(t1−1−s)·u_s
 * </pre>
 * (exact for any interval, so a deferred block of updates is one product with two fixed coefficient sets, and
 * nothing overflows: every coefficient lies in [0, 1/(1 − β)]). β^k is {@link StrictMath#pow}, so every machine
 * computes the same weights.
 *
 * @param beta β in [0, 1)
 */
public record Momentum(double beta) implements Serializable {
    public static final Momentum NONE = new Momentum(0);

    public Momentum {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
    }

    /** Whether there is any (β &gt; 0); without it every weight is 1 and no velocity is kept. */
    public boolean active() {
        return beta > 0;
    }

    /** β^k. */
    public double power(int k) {
        return StrictMath.pow(beta, k);
    }

    /** c(k) = (1 − β^k)/(1 − β): the weight at step t of an update made k = t − s steps before. */
    public double weight(int k) {
        return beta == 0 ? 1.0 : (1.0 - power(k)) / (1.0 - beta);
    }

    /** a(k) = β(1 − β^k)/(1 − β): how much of the velocity the state takes over k steps. */
    public double carry(int k) {
        return beta * (1.0 - power(k)) / (1.0 - beta);
    }
}
