package org.wideneck.app.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.wideneck.app.UserError;

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
}
