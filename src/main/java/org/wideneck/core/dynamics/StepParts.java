package org.wideneck.core.dynamics;

/**
 * Where a simulator's time goes, accumulated in nanoseconds (for the benchmark and run.json):
 * the g update of eq 42, f and Jᵀχ against the history (eqs 43–44), f_0 and J_0ᵀχ of the initial
 * network, bookkeeping (gathers, history append, χ), and evaluation passes.
 */
public final class StepParts {
    public enum Part { G_UPDATE, HISTORY, INITIAL_NET, BOOKKEEPING, EVALUATION }

    private final long[] nanos = new long[Part.values().length];

    /** Adds the time since {@code since} to a part; returns now. */
    public long lap(Part p, long since) {
        long now = System.nanoTime();
        nanos[p.ordinal()] += now - since;
        return now;
    }

    public double seconds(Part p) {
        return nanos[p.ordinal()] * 1e-9;
    }

    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
