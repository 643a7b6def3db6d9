package org.wideneck.app.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.report.RunOutputs;

/**
 * {@code <output.dir>/resume.json}, written when a sweep starts: what {@code --resume DIR} needs to
 * continue it — the config's name, its resolved settings, and the SHA-256 of every input file (a resumed
 * sweep refuses inputs that changed).
 */
public final class ResumeFile {
    public static final String NAME = "resume.json";

    /** What resume.json holds. */
    public record Stored(String name, Config config, Map<String, String> inputSha256) {}

    private ResumeFile() {}

    public static void write(FileStore outDir, String name, String resolvedJson, Map<String, Object> inputSha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("config", ConfigFactory.parseString(resolvedJson).root().unwrapped());
        m.put("input_files_sha256", inputSha256);
        RunOutputs.atomicWrite(outDir, NAME,
                ConfigValueFactory.fromMap(m).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n");
    }

    /** The stored sweep of dir; a user error naming the problem when dir holds none. */
    public static Stored read(FileStore dir) {
        String f = dir.locate(NAME);
        Config c;
        try {
            if (!dir.isDirectory("")) throw new UserError("--resume: '" + dir + "' is not a directory");
            if (!dir.isFile(NAME)) {
                throw new UserError("--resume: '" + dir + "' holds no " + NAME + " (not the output directory of a sweep that can be resumed)");
            }
            c = ConfigFactory.parseString(dir.readString(NAME));
        } catch (java.io.IOException e) {
            throw new UserError("--resume: '" + f + "' cannot be read: " + e.getMessage());
        } catch (ConfigException e) {
            throw new UserError("--resume: '" + f + "' is not a wideneck " + NAME + ": " + e.getMessage());
        }
        try {
            Map<String, String> sha = new LinkedHashMap<>();
            for (var e : c.getConfig("\"input_files_sha256\"").root().unwrapped().entrySet()) sha.put(e.getKey(), String.valueOf(e.getValue()));
            return new Stored(c.getString("name"), c.getConfig("config"), sha);
        } catch (ConfigException e) {
            throw new UserError("--resume: '" + f + "' is not a wideneck " + NAME + ": " + e.getMessage());
        }
    }

    /** Refuses a resume whose input files differ from those the sweep started with: in their bytes, or as a set. */
    public static void checkInputs(Stored s, Map<String, Object> nowSha256) {
        for (String now : nowSha256.keySet()) {
            if (!s.inputSha256().containsKey(now)) {
                throw new UserError("--resume: input file '" + now + "' was not there when the sweep started (" + s.inputSha256().size()
                        + " input file(s) then, " + nowSha256.size() + " now); the data changed — start a new sweep");
            }
        }
        for (var e : s.inputSha256().entrySet()) {
            Object now = nowSha256.get(e.getKey());
            if (now == null) throw new UserError("--resume: input file '" + e.getKey() + "' of the interrupted sweep is missing");
            if (!now.equals(e.getValue())) {
                throw new UserError("--resume: input file '" + e.getKey() + "' changed since the sweep started (SHA-256 " + e.getValue()
                        + " then, " + now + " now)");
            }
        }
    }
}
