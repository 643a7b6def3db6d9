package org.wideneck.app.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.wideneck.app.config.UserError;

/** Reading input files whole, with missing or unreadable files turned into one clear {@link UserError}. */
public final class DataFiles {
    private DataFiles() {}

    public static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new UserError("cannot read '" + file + "': " + e.getMessage());
        }
    }

    /** The SHA-256 of a file, in hex (provenance of a run's inputs). */
    public static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UserError("cannot read '" + file + "': " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
