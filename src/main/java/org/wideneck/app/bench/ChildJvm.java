package org.wideneck.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** A fresh JVM with this one's java, options and class path, running a benchmark's main; its output is this one's. */
final class ChildJvm {
    private ChildJvm() {}

    /** Runs main of the class in a fresh JVM and waits for it; a failure of the child is an internal error. */
    static void run(Class<?> main, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) throw new IllegalStateException(main.getSimpleName() + " exited with status " + rc);
    }
}
