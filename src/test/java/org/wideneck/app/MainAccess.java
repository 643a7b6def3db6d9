package org.wideneck.app;

/** Lets tests in other packages run the command line in-process. */
public final class MainAccess {
    private MainAccess() {}

    public static int run(String... args) {
        return Main.run(args);
    }
}
