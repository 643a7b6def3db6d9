package org.wideneck.core.loop;

import java.io.Serializable;

/**
 * Stops a run when asked from outside it (the user's interrupt): checked before the first step and after every step,
 * it gives the reason {@link #REASON}, and a run so stopped is interrupted — not diverged, not failed — and continues
 * from its checkpoint when resumed.
 */
public final class StopRequest implements StepListener {
    /** The reason a run stopped by request gives. */
    public static final String REASON = "interrupted";

    /** Whether a stop has been asked for; checked once a step, so implementations keep it cheap (rate-limit a file look-up). */
    public interface Signal extends Serializable {
        boolean requested();

        Signal NEVER = () -> false;
    }

    private final Signal signal;

    public StopRequest(Signal signal) {
        this.signal = signal;
    }

    @Override
    public String started(LoopContext ctx) {
        return signal.requested() ? REASON : null;
    }

    @Override
    public String afterStep(LoopContext ctx) {
        return signal.requested() ? REASON : null;
    }
}
