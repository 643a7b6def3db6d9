package org.wideneck.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Where one run's checkpoints are kept (implemented by the application on its file system). A
 * checkpoint appears whole or not at all (written elsewhere, flushed to the device, renamed into place),
 * and the store keeps the newest {@link #KEEP}, so a newest one found corrupt still has a predecessor.
 * Serializable: a sweep's runs execute on Spark executors, which write their own checkpoints.
 */
public interface CheckpointStore extends Serializable {
    /** Checkpoints kept per run. */
    int KEEP = 2;

    /** Fills a stream with checkpoint bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** One stored checkpoint: after {@code step} steps, {@code size} bytes. */
    record Entry(int step, String name, long size) {}

    /** Writes the checkpoint after {@code step} steps atomically, then removes all but the newest {@link #KEEP}. */
    void write(int step, Body body) throws IOException;

    /** The stored checkpoints, newest first. */
    List<Entry> entries() throws IOException;

    InputStream open(Entry e) throws IOException;

    /** Removes every checkpoint of the run (once its results are safely written). */
    void clear() throws IOException;

    /** The stores of a sweep's runs, by run key. */
    interface Factory extends Serializable {
        CheckpointStore forRun(String runKey);

        /** Steps between checkpoints; 0 = none. */
        int every();
    }
}
