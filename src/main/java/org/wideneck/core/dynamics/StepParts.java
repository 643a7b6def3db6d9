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

    /**
     * The four parts of a step by name (g_update: eq 42 and the lazy refreshes; history: eqs 43–44 against the
     * history; initial_network: f_0 and J_0ᵀχ; bookkeeping), in seconds.
     */
    public java.util.Map<String, Double> stepSeconds() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("g_update", seconds(Part.G_UPDATE));
        m.put("history", seconds(Part.HISTORY));
        m.put("initial_network", seconds(Part.INITIAL_NET));
        m.put("bookkeeping", seconds(Part.BOOKKEEPING));
        return m;
    }

    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
