package org.wideneck.app.cli;

import java.util.List;
import org.wideneck.app.config.Keys;
import org.wideneck.app.files.FileStore;

/** An entry point of the project: what --help shows of it, and what it does with its command line. */
public interface Command {
    /** How a user calls it, e.g. "submit/verify quick|full [key=value ...]" (one or more lines). */
    String usage();

    /** What it does, in a few sentences. */
    String summary();

    /** The keys it takes, with their defaults and meanings (for --help); empty when it takes none. */
    List<Keys.Key> keys();

    /**
     * Runs it. A user error is thrown as {@code UserError} (one line, exit 2); anything else unexpected is an internal
     * error (exit 1).
     *
     * @return the exit status ({@link ExitCode})
     */
    int run(CommandLine line) throws Exception;

    /**
     * The command that handles these positional arguments: itself, or for a command with cases (submit/bench) the
     * case the first one names; its --help is the one shown.
     */
    default Command subcommand(List<String> positional) {
        return this;
    }

    /** Where an internal error's trace goes when the command got that far (an output directory), or null. */
    default FileStore errorLogDir() {
        return null;
    }
}
