package org.wideneck.app.cli;

/** The exit statuses every entry point shares. */
public final class ExitCode {
    private ExitCode() {}

    /** Everything asked for was done. */
    public static final int OK = 0;
    /** An internal error: one line on the console, the trace in a file it names. */
    public static final int INTERNAL = 1;
    /** Bad input (a missing or corrupt file, an unknown key, an impossible value): one line, nothing written. */
    public static final int BAD_INPUT = 2;
    /** Some run diverged or failed (the others' results are written). */
    public static final int RUNS_FAILED = 3;
    /** A verification check did not pass its threshold. */
    public static final int CHECK_FAILED = 4;
    /** Stopped by SIGINT (Ctrl-C): the finished runs' results written, the others checkpointed for --resume. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM, likewise. */
    public static final int TERMINATED = 143;
}
