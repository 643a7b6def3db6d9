package org.wideneck.app.data;

import java.nio.file.Path;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/** Reading local input files whole, with missing or unreadable files turned into one clear {@code UserError}. */
public final class DataFiles {
    private DataFiles() {}

    public static byte[] readAll(Path file) {
        return FileStores.readInput(file.toString(), HadoopConf.defaults());
    }
}
