package org.wideneck.app.bench;

import java.util.List;
import java.util.stream.Collectors;
import org.wideneck.app.cli.Cli;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.ToolSettings;
import org.wideneck.app.config.UserError;

/**
 * {@code submit/bench [CASE] [key=value ...]}: the performance benchmarks, one case a call (the step when none is
 * named); {@code submit/bench CASE --help} lists a case's keys. Every case checks its keys and sizes before it
 * allocates anything.
 */
public final class BenchCommand implements Command {
    /** A benchmark case: its name, what it measures, its keys and its body. */
    private record Case(String name, String summary, List<Keys.Key> keys, Body body) implements Command {
        @Override
        public String usage() {
            return "submit/bench " + name + " [key=value ...]";
        }

        @Override
        public int run(CommandLine line) throws Exception {
            if (!line.flags().isEmpty()) throw new UserError("bench " + name + ": unknown option '" + line.flags().get(0) + "' (see --help)");
            List<String> extra = line.positional().isEmpty() || !line.positional().get(0).equals(name) ? line.positional()
                    : line.positional().subList(1, line.positional().size());
            if (!extra.isEmpty()) throw new UserError("bench " + name + ": unexpected argument '" + extra.get(0) + "' (keys are key=value; see --help)");
            body.run(ToolSettings.of("bench " + name, keys, line.settings()));
            return ExitCode.OK;
        }
    }

    private interface Body {
        void run(ToolSettings settings) throws Exception;
    }

    private static final List<Case> CASES = List.of(
            new Case("step", "The simulator's step at a given shape and model, by part, as a share of the DGEMM limit measured in the same "
                    + "run; then one evaluation pass and a checkpoint of the state.", StepBench.KEYS, StepBench::run),
            new Case("steps", "A whole run's steps (the MNIST-shaped 1500-step job by default, random data of its shape, no Spark) "
                    + "against their matrix-product flops at the DGEMM limit.", JobBench.KEYS, JobBench::run),
            new Case("eval", "The evaluation pass at small and large bottlenecks, in core-nanoseconds a (point, history) pair.", EvalBench.KEYS,
                    EvalBench::run),
            new Case("kernels", "The elementwise kernels' cost a pair, for each activation, on the SIMD and scalar loops.", KernelBench.KEYS,
                    KernelBench::run),
            new Case("spark", "The step on the driver beside an empty Spark job's latency, and a partitioned evaluation in local[1] and "
                    + "local[2].", SparkBench.KEYS, SparkBench::run),
            new Case("data", "What reading MNIST costs as IDX, .npy and Parquet through Spark (needs datasets/fetch mnist).", DataBench.KEYS,
                    DataBench::run),
            new Case("shapes", "The step's matrix products, each on its own shape, one thread.", ShapeBench.KEYS, ShapeBench::run),
            new Case("warmup", "What the SIMD loops cost before C2 compiles them, cold and after the warm-up (two fresh JVMs).",
                    WarmupBench.KEYS, WarmupBench::run),
            new Case("floor", "What every command pays on this machine: a fresh JVM, Spark's local context, one trivial job, its stop.",
                    FloorBench.KEYS, FloorBench::run));

    /** The cases, in the order --help lists them; the first runs when none is named. */
    public static List<Command> cases() {
        return List.copyOf(CASES);
    }

    /** Runs submit/bench. */
    public static void main(String[] args) {
        System.exit(Cli.run(new BenchCommand(), args));
    }

    @Override
    public String usage() {
        return "submit/bench [" + CASES.stream().map(Case::name).collect(Collectors.joining("|")) + "] [key=value ...]\n"
                + "submit/bench CASE --help";
    }

    @Override
    public String summary() {
        StringBuilder sb = new StringBuilder("The performance benchmarks, one case a call (step when none is named). Cases: ");
        for (Case c : CASES) sb.append(c.name()).append(" — ").append(c.summary()).append(' ');
        return sb.append("The keys below are the step case's; submit/bench CASE --help lists another's.").toString();
    }

    @Override
    public List<Keys.Key> keys() {
        return StepBench.KEYS;
    }

    @Override
    public Command subcommand(List<String> positional) {
        if (positional.isEmpty()) return this;
        for (Case c : CASES) if (c.name().equals(positional.get(0))) return c;
        throw new UserError("bench: unknown case '" + positional.get(0) + "'; cases: "
                + CASES.stream().map(Case::name).collect(Collectors.joining(", ")));
    }

    @Override
    public int run(CommandLine line) throws Exception {
        return (line.positional().isEmpty() ? CASES.get(0) : subcommand(line.positional())).run(line);
    }
}
