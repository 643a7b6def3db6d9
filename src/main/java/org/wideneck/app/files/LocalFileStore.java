package org.wideneck.app.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.wideneck.app.config.UserError;

/**
 * A directory on the local file system (java.nio). A file is written as {@code <name>.tmp}, forced to the
 * device, renamed over its name atomically, and the directory synced. The lock is an operating-system lock
 * on {@code .wideneck.lock}, which the system drops with its process, so a killed sweep leaves nothing to
 * clean up.
 */
public final class LocalFileStore implements FileStore {
    private static final long serialVersionUID = 1L;
    private final String root;

    public LocalFileStore(Path root) {
        this.root = root.toString();
    }

    /** The directory as a path. */
    public Path path() {
        return Path.of(root);
    }

    private Path at(String name) {
        return name.isEmpty() ? Path.of(root) : Path.of(root).resolve(name);
    }

    @Override
    public String location() {
        return root;
    }

    @Override
    public String locate(String name) {
        return at(name).toString();
    }

    @Override
    public String uri(String name) {
        return at(name).toAbsolutePath().normalize().toUri().toString();
    }

    @Override
    public String name() {
        Path f = Path.of(root).toAbsolutePath().normalize().getFileName();
        return f == null ? root : f.toString();
    }

    @Override
    public FileStore resolve(String name) {
        return new LocalFileStore(at(name));
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public boolean isFile(String name) {
        return Files.isRegularFile(at(name));
    }

    @Override
    public boolean isDirectory(String name) {
        return Files.isDirectory(at(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(at(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(at(name));
    }

    @Override
    public void write(String name, Body body) throws IOException {
        Path target = at(name);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            body.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the first failure is the one to report
            }
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }

    @Override
    public void writeView(String name, String content) throws IOException {
        Path target = at(name);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, java.nio.charset.StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<String> list(String name) throws IOException {
        Path d = at(name);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(d)) return out;
        try (Stream<Path> s = Files.list(d)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(at(name));
    }

    @Override
    public void deleteRecursively(String name) throws IOException {
        Path d = at(name);
        if (!Files.exists(d)) return;
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public void mkdirs(String name) throws IOException {
        Files.createDirectories(at(name));
    }

    @Override
    public Lock lock() throws IOException {
        Path dir = Path.of(root);
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
            throw new UserError("output directory '" + root + "' is in use by another wideneck command; wait for it to end (or stop it) first");
        }
        FileLock held = l;
        return () -> {
            try {
                held.release();
                ch.close();
            } catch (IOException ignored) {
                // the lock goes with the channel or the process
            }
        };
    }

    /**
     * A directory that is, or can be created as, a writable directory: an existing file, a path below a
     * regular file, or an unwritable parent is a user error naming the key and the value.
     */
    @Override
    public void checkWritable(String key) {
        Path abs = Path.of(root).toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) throw new UserError("config: " + key + " = \"" + root + "\" is a file, not a directory");
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) throw new UserError("config: " + key + " = \"" + root + "\" has no existing parent directory");
        if (!Files.isDirectory(existing)) {
            throw new UserError("config: " + key + " = \"" + root + "\" lies below '" + existing + "', which is a file, not a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new UserError("config: " + key + " = \"" + root + "\": '" + existing + "' is not writable");
        }
    }

    @Override
    public String toString() {
        return root;
    }
}
