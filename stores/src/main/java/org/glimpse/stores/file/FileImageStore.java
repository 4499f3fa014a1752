package org.glimpse.stores.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.ObjectIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each image's bytes in one file, {@code <root>/<image-id>}, with glance_store's filesystem
 * location form {@code file:///abs/root/<image-id>}. Staged data is a hidden temporary file in the
 * root ({@code .<image-id>.<random>.tmp}) so that commit is a same-directory link or rename.
 */
public final class FileImageStore implements ImageStore {
  static final String SCHEME = "file";
  static final int BUFFER_SIZE = 64 * 1024;

  /** Temp files younger than this may belong to an upload in flight in another process. */
  public static final Duration DEFAULT_STALE_AGE = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(FileImageStore.class);
  private static final String PREFIX = SCHEME + "://";
  private static final Pattern TEMP_NAME = Pattern.compile("\\.[A-Za-z0-9][A-Za-z0-9._-]*\\.tmp");

  private final Path root;
  private final Path realRoot;

  /** Creates {@code rootDir} if missing; fails with IllegalStateException if it is not writable. */
  public FileImageStore(Path rootDir) {
    this.root = rootDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
      this.realRoot = root.toRealPath();
      Files.delete(Files.createTempFile(realRoot, ".probe.", ".tmp"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(
          "File store directory " + root + " cannot be created or written: " + e, e);
    }
  }

  /** The directory holding the image files (its real path). */
  public Path root() {
    return realRoot;
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public boolean handles(String location) {
    return resolve(location).isPresent();
  }

  @Override
  public StagedData stage(String imageId, InputStream data) throws IOException {
    String id = ObjectIds.require(imageId);
    Path temp = Files.createTempFile(realRoot, "." + id + ".", ".tmp");
    try {
      long size = copy(data, temp);
      return new StagedFile(temp, realRoot.resolve(id), locationOf(id), size);
    } catch (Throwable e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  @Override
  public InputStream open(String location, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("offset " + offset + ", length " + length);
    }
    Path file = require(location);
    FileChannel channel;
    try {
      // NOFOLLOW_LINKS: a symlink planted in the root must not lead out of it.
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        throw new NotFoundException("Image data not found");
      }
      channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("Image data not found", e);
    }
    return new BufferedInputStream(new RangeInputStream(channel, offset, length), BUFFER_SIZE);
  }

  @Override
  public void delete(String location) throws IOException {
    Files.deleteIfExists(require(location));
  }

  /** Removes leftover temporary files older than {@link #DEFAULT_STALE_AGE}; returns how many. */
  public int cleanupStaleTemps() throws IOException {
    return cleanupStaleTemps(DEFAULT_STALE_AGE);
  }

  /** Removes leftover temporary files not modified for {@code minAge}; returns how many. */
  public int cleanupStaleTemps(Duration minAge) throws IOException {
    Instant cutoff = Instant.now().minus(minAge);
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(realRoot)) {
      for (Path entry : entries) {
        if (TEMP_NAME.matcher(entry.getFileName().toString()).matches()
            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
            && !Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS)
                .toInstant()
                .isAfter(cutoff)
            && Files.deleteIfExists(entry)) {
          removed++;
        }
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} stale temporary file(s) from {}", removed, realRoot);
    }
    return removed;
  }

  String locationOf(String id) {
    return PREFIX + realRoot.resolve(id);
  }

  private static long copy(InputStream data, Path temp) throws IOException {
    long size = 0;
    byte[] buffer = new byte[BUFFER_SIZE];
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      int n;
      while ((n = data.read(buffer)) != -1) {
        out.write(ByteBuffer.wrap(buffer, 0, n));
        size += n;
      }
      out.force(true);
    }
    return size;
  }

  private Path require(String location) {
    return resolve(location)
        .orElseThrow(() -> new BadRequestException("Location is not in this file store"));
  }

  /** The file for a location that names a direct child of the root with a valid id, if any. */
  private Optional<Path> resolve(String location) {
    if (location == null || !location.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(location.substring(PREFIX.length()));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    Path name = path.getFileName();
    if (!path.isAbsolute()
        || !path.equals(path.normalize())
        || name == null
        || !ObjectIds.isValid(name.toString())
        || !(realRoot.equals(path.getParent()) || root.equals(path.getParent()))) {
      return Optional.empty();
    }
    return Optional.of(realRoot.resolve(name.toString()));
  }

  /** Deletes {@code file} after {@code cause}; a failure to delete is attached to the cause. */
  static void deleteQuietly(Path file, Throwable cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
