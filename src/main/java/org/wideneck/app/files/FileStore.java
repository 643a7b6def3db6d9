package org.wideneck.app.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A directory of files on the driver's local file system or on any Hadoop file system (HDFS, S3A, …), where
 * wideneck reads its inputs and writes its results, checkpoints and models. Names are relative to the
 * directory, '/'-separated ("metrics.csv", "figures/train-loss.png"); "" is the directory itself.
 * Serializable: a sweep's runs write their checkpoints and models from the executors that run them.
 *
 * <p>{@link #write} makes a file appear whole or not at all: it is written beside its name, flushed to
 * the device, and renamed over it (atomically where the file system renames atomically: local POSIX
 * file systems and HDFS; an object store such as S3A copies).
 */
public interface FileStore extends Serializable {
    /** Fills a stream with a file's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** An exclusive hold on a directory, released by {@link #close}. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** The directory as the user named it: a local path or a URI. */
    String location();

    /** The full location of a name in it, for messages. */
    String locate(String name);

    /** A name's location as an absolute URI (file:/… for a local one), for Spark, whose default file system may be another. */
    String uri(String name);

    /** The directory's own last name ("out-1" of "hdfs://nn/x/out-1"). */
    String name();

    /** The sub-directory at name. */
    FileStore resolve(String name);

    /** True for the driver's local file system. */
    boolean local();

    boolean isFile(String name) throws IOException;

    boolean isDirectory(String name) throws IOException;

    default boolean exists(String name) throws IOException {
        return isFile(name) || isDirectory(name);
    }

    /** The size of a file in bytes. */
    long size(String name) throws IOException;

    /** Reads a file; a missing one is a {@link java.io.FileNotFoundException} or {@link java.nio.file.NoSuchFileException}. */
    InputStream open(String name) throws IOException;

    default byte[] read(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    default String readString(String name) throws IOException {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /** Writes a file whole or not at all (parent directories are made). */
    void write(String name, Body body) throws IOException;

    default void write(String name, byte[] content) throws IOException {
        write(name, out -> out.write(content));
    }

    /**
     * Replaces a file whole (a reader sees the old or the new content) without waiting for the device: for views
     * rewritten often, whose loss in a crash costs nothing (a running run's progress rows). Stores that cannot tell
     * the two apart write it as {@link #writeString} does.
     */
    default void writeView(String name, String content) throws IOException {
        writeString(name, content);
    }

    default void writeString(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The names in a directory, sorted; empty when it does not exist. */
    List<String> list(String name) throws IOException;

    /** Removes a file or an empty directory; nothing when it does not exist. */
    void delete(String name) throws IOException;

    /** Removes a file or a directory with everything in it; nothing when it does not exist. */
    void deleteRecursively(String name) throws IOException;

    void mkdirs(String name) throws IOException;

    /**
     * Locks this directory (made if absent) for one sweep: a second sweep or {@code --resume} on it is refused
     * while the holder runs.
     *
     * @throws org.wideneck.app.config.UserError when another process holds it
     */
    Lock lock() throws IOException;

    /**
     * Whether the user can make and write this directory: what {@code output.dir} is checked for before any
     * data is loaded. A user error naming the key and value when it cannot be, or cannot be reached.
     */
    void checkWritable(String key);
}
