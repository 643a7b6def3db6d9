package org.wideneck.core.checkpoint;

import java.io.IOException;

/** A checkpoint that cannot be used: a wrong checksum, a truncated file, or a state of another shape. */
public final class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
        super(message);
    }
}
