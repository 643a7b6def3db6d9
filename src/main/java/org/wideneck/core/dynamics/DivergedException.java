package org.wideneck.core.dynamics;

/** Thrown by a step whose outputs are no longer finite (the learning rate is too large for the data). */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String what) {
        super(what);
    }
}
