package org.wideneck.app;

import org.wideneck.app.cli.Cli;
import org.wideneck.app.sweep.SweepCommand;

/** The entry point of {@code submit/local} and {@code submit/cluster}: a sweep ({@link SweepCommand}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The sweep command on these arguments; its exit status. */
    public static int run(String[] args) {
        return Cli.run(new SweepCommand(), args);
    }
}
