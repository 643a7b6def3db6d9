package org.wideneck.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wideneck.app.bench.BenchCommand;
import org.wideneck.app.config.Keys;
import org.wideneck.app.predict.Predict;
import org.wideneck.app.report.MergeCommand;
import org.wideneck.app.report.ReportCommand;
import org.wideneck.app.sweep.SweepCommand;
import org.wideneck.app.verify.VerifyCommand;

/** Every entry point's command line: --help lists its keys, --version, and bad input is one line and exit 2. */
class CliTest {
    @TempDir
    Path tmp;

    /** A command run in-process: its exit status, standard output and standard error. */
    record Ran(int code, String out, String err) {}

    static Ran run(Command c, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(c, args);
            return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Stream<Arguments> commands() {
        return Stream.of(Arguments.of(new SweepCommand(), Keys.ALL), Arguments.of(new Predict(), Keys.PREDICT),
                Arguments.of(new VerifyCommand(), Keys.VERIFY), Arguments.of(new ReportCommand(), List.of()),
                Arguments.of(new MergeCommand(), List.of()), Arguments.of(new BenchCommand(), new BenchCommand().keys()));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpListsEveryKeyWithItsDefault(Command c, List<Keys.Key> keys) {
        Ran r = run(c, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("usage: " + c.usage().lines().findFirst().orElseThrow()), r.out());
        for (Keys.Key k : keys) {
            assertTrue(r.out().contains("  " + k.path() + " ") && r.out().contains("= " + k.defaultValue()), "--help lacks " + k.path());
        }
        assertTrue(r.out().contains("exit status: 0 done"), r.out());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownKeyIsOneLineAndExit2(Command c, List<Keys.Key> keys) {
        String[] args = c instanceof VerifyCommand ? new String[] {"quick", "no-such-key=1"} : new String[] {"x", "y", "z", "no-such-key=1"};
        if (c instanceof BenchCommand) args = new String[] {"no-such-key=1"};
        if (c instanceof SweepCommand) args = new String[] {"conf/synthetic.conf", "no-such-key=1"};
        Ran r = run(c, args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("wideneck: error: ") && r.err().contains("no-such-key"), r.err());
    }

    @Test
    void versionNamesTheProjectsVersion() {
        Ran r = run(new VerifyCommand(), "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("wideneck " + Provenance.version() + " (commit "), r.out());
    }

    @Test
    void eachBenchCaseHasItsOwnHelpAndRefusesBadSizesBeforeAnyWork() {
        Ran help = run(new BenchCommand(), "eval", "--help");
        assertTrue(help.out().contains("  widths ") && help.out().contains("core-nanoseconds") || help.out().contains("widths"), help.out());
        String[][] bad = {{"N=-5"}, {"threads=-1"}, {"N=4294967336"}, {"shapes", "B=-1"}, {"data", "dir=" + tmp}, {"floor", "runs=0"},
                {"eval", "widths=[0]"}, {"step", "momentum=1"}, {"step", "activation=tanh"}, {"step", "g-depth=0"}, {"nosuchcase"},
                {"step", "extra"}, {"warmup", "--fast"}, {"step", "N=10000000", "d0=100000"}};
        for (String[] args : bad) {
            Ran r = run(new BenchCommand(), args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.out().isEmpty(), String.join(" ", args) + " started work: " + r.out());
        }
    }

    @Test
    void verifyRefusesAnOutputDirThatIsAFileOrEmptyBeforeRunningAnyCheck() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        for (String out : new String[] {"output.dir=" + file, "output.dir=\"\"", "output.dir=\"  \""}) {
            Ran r = run(new VerifyCommand(), "quick", out);
            assertEquals(2, r.code(), out + ": " + r.err());
            assertTrue(r.out().isEmpty(), "checks ran: " + r.out());
        }
        Ran mode = run(new VerifyCommand(), "fast");
        assertEquals(2, mode.code());
        assertTrue(mode.err().contains("quick or full"), mode.err());
    }

    @Test
    void aSettingHoconCannotParseIsNamed() {
        Ran r = run(new Predict(), "m", "d.npy", "o", "threads=[1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("threads=[1"), r.err());
    }
}
