package org.wideneck.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;

/**
 * Runs an entry point the way every entry point runs: {@code --help} (its usage, summary and keys with their
 * defaults), {@code --version}, then the command; a user error is one line and exit 2, an internal error one line
 * naming the file that holds its trace and exit 1 — never a trace on the console.
 */
public final class Cli {
    private Cli() {}

    /** Runs the command on the arguments; returns its exit status. */
    public static int run(Command command, String[] args) {
        try {
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.print(help(command.subcommand(CommandLine.parse(args).positional())));
                    return ExitCode.OK;
                }
                if (a.equals("--version")) {
                    System.out.println("wideneck " + Provenance.version() + " (commit " + Provenance.commit() + ")");
                    return ExitCode.OK;
                }
            }
            return drained(command.run(CommandLine.parse(args)));
        } catch (UserError e) {
            System.err.println("wideneck: error: " + e.getMessage());
            return drained(ExitCode.BAD_INPUT);
        } catch (Throwable t) {
            return drained(internalError(t, command.errorLogDir()));
        }
    }

    /**
     * The status, after a moment for the launchers' stderr filter to pass on the last lines when the command did not
     * succeed (a shell prompt would otherwise come before them).
     */
    private static int drained(int status) {
        System.err.flush();
        if (status != ExitCode.OK && Boolean.getBoolean("wideneck.stderr-filter")) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return status;
    }

    /** The --help text: usage, summary, and each key with its default, meaning and what it accepts. */
    public static String help(Command command) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: ").append(command.usage().replace("\n", "\n       ")).append("\n\n");
        sb.append(wrap(command.summary(), 100, "")).append('\n');
        if (!command.keys().isEmpty()) {
            sb.append("\nkeys (key=value in HOCON path syntax; quote values with spaces: 'output.dir=\"my dir\"'):\n");
            String section = null;
            for (Keys.Key k : command.keys()) {
                if (k.path().contains(".") && !k.section().equals(section)) {
                    section = k.section();
                    sb.append('\n');
                }
                sb.append(String.format(Locale.ROOT, "  %-28s = %s%n", k.path(), k.defaultValue()));
                sb.append(wrap(k.meaning() + " Accepts: " + k.accepts() + ".", 96, "      "));
            }
        }
        sb.append("\nexit status: 0 done, 1 internal error (trace in the file named), 2 bad input, 3 a run diverged or failed, "
                + "4 a check failed\n");
        return sb.toString();
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder(), line = new StringBuilder(indent);
        for (String w : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + w.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) line.append(' ');
            line.append(w);
        }
        return out.append(line).append('\n').toString();
    }

    /**
     * Reports an internal error in one line; the trace goes to dir's error.log if the command got that far, else to a
     * file of this process's own in the temp directory.
     */
    public static int internalError(Throwable t, FileStore dir) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String log = null;
        try {
            if (dir != null && dir.isDirectory("")) {
                dir.writeString("error.log", sw.toString());
                log = dir.locate("error.log");
            }
        } catch (IOException | RuntimeException ignored) {
            log = null;
        }
        if (log == null) {
            Path p = Path.of(System.getProperty("java.io.tmpdir"), "wideneck-error-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + ProcessHandle.current().pid() + ".log");
            try {
                Files.createDirectories(p.getParent());
                Files.writeString(p, sw.toString());
                log = p.toString();
            } catch (IOException ignored) {
                log = null;
            }
        }
        PrintStream err = System.err;
        err.println("wideneck: internal error: " + t + (log != null ? " (details in " + log + ")" : ""));
        return ExitCode.INTERNAL;
    }
}
