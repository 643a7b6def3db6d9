package org.wideneck.app.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.wideneck.app.config.UserError;

/**
 * An exclusive lock on an output directory ({@code .wideneck.lock}) for as long as a sweep writes to it,
 * so a {@code --resume} cannot run beside the process it would continue. The operating system drops the
 * lock with its process, so a killed sweep leaves nothing to clean up.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks dir (created if absent); a user error when another sweep holds it. */
    public static DirectoryLock acquire(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(".wideneck.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new UserError("output directory '" + dir + "' is in use by another wideneck sweep; wait for it to end (or stop it) first");
            }
            return new DirectoryLock(ch, l);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel or the process
        }
    }
}
