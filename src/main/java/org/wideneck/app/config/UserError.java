package org.wideneck.app.config;

/**
 * A problem with the user's input (config, data files, weights): reported as one line, exit status 2,
 * never with a stack trace.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
