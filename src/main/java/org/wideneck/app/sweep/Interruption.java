package org.wideneck.app.sweep;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.files.FileStore;
import org.wideneck.core.loop.StopRequest;
import sun.misc.Signal;

/**
 * A sweep's answer to SIGINT (Ctrl-C) and SIGTERM: the first asks every run to stop — each writes the checkpoint of the
 * step it is at and returns as interrupted, so run.json records it as such and {@code --resume} continues it — and the
 * sweep then ends as usual with the finished runs' results and exit 130 (SIGINT) or 143 (SIGTERM); a second signal
 * ends the process at once. The request reaches the runs through a marker file in the output directory, which every
 * executor can see (as it sees the checkpoints), looked up at most once a second by each run.
 */
final class Interruption implements AutoCloseable {
    /** The marker's name in the output directory. */
    static final String MARKER = ".interrupted";

    private final FileStore dir;
    private final AtomicReference<String> signal = new AtomicReference<>();
    private final Signal[] handled = {new Signal("INT"), new Signal("TERM")};
    private final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[2];

    /** Handles the signals from now until {@link #close}, for the sweep writing to dir; removes a stale marker first. */
    Interruption(FileStore dir) {
        this.dir = dir;
        clear();
        for (int i = 0; i < handled.length; i++) previous[i] = Signal.handle(handled[i], this::handle);
    }

    private void handle(Signal s) {
        if (!signal.compareAndSet(null, s.getName())) {
            System.err.println("wideneck: SIG" + s.getName() + " again: stopping at once; --resume continues from the last checkpoints");
            new Thread(() -> System.exit(exitCode(s.getName())), "wideneck-exit").start();
            return;
        }
        System.err.println("wideneck: SIG" + s.getName() + ": the running runs write a checkpoint and stop; the finished runs' results are "
                + "kept (send it again to stop at once)");
        try {
            dir.writeString(MARKER, s.getName() + "\n");
        } catch (IOException | RuntimeException e) {
            System.err.println("wideneck: note: the runs could not be told through " + dir.locate(MARKER) + " (" + e.getMessage()
                    + "); stopping at once");
            new Thread(() -> System.exit(exitCode(s.getName())), "wideneck-exit").start();
        }
    }

    /** The signal received ("INT", "TERM"), or null. */
    String received() {
        return signal.get();
    }

    /** What the runs check: the marker, looked up at most once a second per run. */
    StopRequest.Signal request() {
        return new Marker(dir);
    }

    static int exitCode(String signal) {
        return "TERM".equals(signal) ? ExitCode.TERMINATED : ExitCode.INTERRUPTED;
    }

    private void clear() {
        try {
            if (dir.exists(MARKER)) dir.delete(MARKER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + dir.locate(MARKER) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < handled.length; i++) Signal.handle(handled[i], previous[i]);
        clear();
    }

    /** The marker seen from a run (serializable: a sweep's runs check it on their executors). */
    private static final class Marker implements StopRequest.Signal {
        private static final long serialVersionUID = 1L;
        private final FileStore dir;
        private transient long next;
        private transient boolean seen;

        Marker(FileStore dir) {
            this.dir = dir;
        }

        @Override
        public boolean requested() {
            if (seen) return true;
            long now = System.nanoTime();
            if (next != 0 && now - next < 0) return false;
            next = now + 1_000_000_000L;
            try {
                seen = dir.exists(MARKER);
            } catch (IOException e) {
                seen = false; // an unreadable marker asks nothing; the driver stops at once if it could not write it
            }
            return seen;
        }
    }
}
