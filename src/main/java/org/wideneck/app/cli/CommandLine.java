package org.wideneck.app.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.wideneck.app.config.UserError;

/**
 * One entry point's arguments as every entry point reads them: flags ({@code --resume}, …), positional arguments
 * (files, directories, a subcommand), and settings {@code key=value} in HOCON path syntax — a key is a path of
 * letters, digits, '-', '_' and '.' (segments may be quoted), the value anything HOCON reads, quoting included (a value it cannot read is the string
 * as typed) — each a later one over an earlier one.
 *
 * @param args       the arguments as given
 * @param flags      the arguments starting with "--" (or "-h"), in order
 * @param positional the other arguments that are not settings, in order
 * @param overrides  the settings as given
 * @param settings   the settings parsed, each one's origin "command line 'key=value'"
 */
public record CommandLine(List<String> args, List<String> flags, List<String> positional, List<String> overrides, Config settings) {
    private static final Pattern KEY = Pattern.compile("\\s*(\"[^\"]*\"|[A-Za-z0-9_-]+)(\\.(\"[^\"]*\"|[A-Za-z0-9_-]+))*\\s*");

    /** Whether an argument is a setting: its part before the first '=' is a HOCON path. */
    public static boolean isSetting(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 && !arg.startsWith("-") && KEY.matcher(arg.substring(0, eq)).matches();
    }

    /** The arguments read; a setting HOCON cannot parse is a user error naming it. */
    public static CommandLine parse(String[] args) {
        List<String> flags = new ArrayList<>(), positional = new ArrayList<>(), overrides = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") || a.equals("-h")) flags.add(a);
            else if (isSetting(a)) overrides.add(a);
            else positional.add(a);
        }
        return new CommandLine(List.of(args), List.copyOf(flags), List.copyOf(positional), List.copyOf(overrides), settings(overrides));
    }

    /** Settings key=value in HOCON path syntax as one config, later ones over earlier ones. */
    public static Config settings(List<String> overrides) {
        Config over = ConfigFactory.empty();
        for (String o : overrides) {
            if (o.indexOf('=') <= 0) throw new UserError("setting '" + o + "' is not of the form key=value");
            ConfigParseOptions opts = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription("command line '" + o + "'");
            Config one;
            try {
                one = ConfigFactory.parseString(o, opts);
            } catch (ConfigException e) {
                // a value HOCON cannot read (features-col=*, a path with '$' …) is the string as typed; the key's own check
                // then refuses it if a string is not what the key takes
                int eq = o.indexOf('=');
                String quoted = o.substring(0, eq) + " = " + com.typesafe.config.ConfigValueFactory.fromAnyRef(o.substring(eq + 1))
                        .render(com.typesafe.config.ConfigRenderOptions.concise());
                try {
                    one = ConfigFactory.parseString(quoted, opts);
                } catch (ConfigException e2) {
                    throw new UserError("cannot parse setting '" + o + "': " + e.getMessage());
                }
            }
            over = one.withFallback(over);
        }
        return over;
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The value after a flag such as "--resume DIR" (the first positional argument after it), or null. */
    public String flagValue(String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("--") ? args.get(i + 1) : null;
    }
}
