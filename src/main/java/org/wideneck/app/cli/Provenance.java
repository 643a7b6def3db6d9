package org.wideneck.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;

/**
 * What a reader of a result needs to reproduce it, made once per command and written by every command that writes
 * files: the project's version and commit (the launchers pass {@code -Dwideneck.commit}, with "-dirty" for
 * uncommitted changes), the command and its arguments, the JVM, the kernel path and the BLAS.
 */
public record Provenance(String wideneck, String commitId, String command, String commandLine, String java, String jvm, String kernelPath,
                         String blas) {
    /** The provenance of this process running the named command (e.g. "submit/verify") with these arguments. */
    public static Provenance of(String command, String[] args) {
        return new Provenance(version(), commit(), command, String.join(" ", args), System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")",
                KernelPath.best().name().toLowerCase(Locale.ROOT), Gemm.implementation());
    }

    /** As JSON-ready entries, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wideneck", wideneck);
        m.put("commit", commitId);
        m.put("command", command);
        m.put("command_line", commandLine);
        m.put("java", java);
        m.put("jvm", jvm);
        m.put("kernel_path", kernelPath);
        m.put("blas", blas);
        return m;
    }

    /** The project's version (pom.xml), or "unknown". */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/wideneck.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // provenance only
        }
        return p.getProperty("version", "unknown");
    }

    /** The commit the launchers named, or "unknown". */
    public static String commit() {
        return System.getProperty("wideneck.commit", "unknown");
    }
}
