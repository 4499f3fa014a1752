package org.glimpse.stores.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimpse.core.data.DataChunks;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.NotFoundException;
import org.glimpse.core.port.ImageStore;
import org.glimpse.stores.ObjectIds;
import org.glimpse.stores.ObjectIds.DataName;

/**
 * Keeps each upload's bytes in one file, {@code <root>/<image-id>~<upload-id>} (data written before
 * uploads were named: {@code <root>/<image-id>}), with glance_store's filesystem location form
 * {@code file:///abs/root/<name>}. Staged data is a hidden temporary file in the root ({@code
 * .<image-id>~<upload-id>.tmp}) so that commit is a same-directory link or rename. Files whose
 * names it did not make are never listed, read or removed.
 */
public final class FileImageStore implements ImageStore {
  static final String SCHEME = "file";

  private static final String PREFIX = SCHEME + "://";
  private static final String TEMP_SUFFIX = ".tmp";
  /** A temporary file: {@code .<image>~<upload>.tmp}, or {@code .<image>.<digits>.tmp} as earlier versions named them. */
  private static final Pattern TEMP_NAME = Pattern.compile("\\.(.+?)(?:~([A-Za-z0-9]{1,64})|\\.[0-9]+)\\.tmp");

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
  public StagedData stage(String imageId, String uploadId, DataChunks data) throws IOException {
    DataName name = ObjectIds.dataName(imageId, uploadId);
    Path temp = realRoot.resolve(tempName(name));
    FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      long size = copy(data, out);
      return new StagedFile(temp, realRoot.resolve(name.name()), locationOf(name.name()), size);
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
    return new RangeInputStream(channel, offset, length);
  }

  @Override
  public void delete(String location) throws IOException {
    Files.deleteIfExists(require(location));
  }

  @Override
  public void discardUpload(String imageId, String uploadId) throws IOException {
    if (uploadId == null) {
      Files.deleteIfExists(realRoot.resolve(ObjectIds.require(imageId)));
      return;
    }
    DataName name = ObjectIds.dataName(imageId, uploadId);
    Files.deleteIfExists(realRoot.resolve(tempName(name)));
    Files.deleteIfExists(realRoot.resolve(name.name()));
  }

  @Override
  public Stream<StoredObject> list() throws IOException {
    Stream<Path> entries = Files.list(realRoot);
    return entries.map(this::stored).filter(Objects::nonNull);
  }

  @Override
  public void remove(StoredObject object) throws IOException {
    String name = object.name();
    if (name == null || !name.equals(Path.of(name).getFileName().toString()) || recognize(name) == null) {
      throw new IllegalArgumentException("not an object of this store: " + object);
    }
    Files.deleteIfExists(realRoot.resolve(name));
  }

  /** The object a directory entry is, or null when it is none of this store's (or just vanished). */
  private StoredObject stored(Path entry) {
    String name = entry.getFileName().toString();
    StoredObject recognized = recognize(name);
    if (recognized == null) {
      return null;
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return null;
      }
      return new StoredObject(name, recognized.imageId(), recognized.uploadId(), recognized.temporary(),
          recognized.location(), attrs.lastModifiedTime().toInstant());
    } catch (IOException e) {
      return null;
    }
  }

  /** What a file name stands for (without its time), or null for a name this store does not make. */
  private StoredObject recognize(String name) {
    Matcher temp = TEMP_NAME.matcher(name);
    if (temp.matches()) {
      String imageId = ObjectIds.isValid(temp.group(1)) ? temp.group(1) : null;
      return new StoredObject(name, imageId, imageId == null ? null : temp.group(2), true, null, null);
    }
    return ObjectIds.parseData(name)
        .map(data -> new StoredObject(name, data.imageId(), data.uploadId(), false, locationOf(name), null))
        .orElse(null);
  }

  private static String tempName(DataName name) {
    return "." + name.name() + TEMP_SUFFIX;
  }

  String locationOf(String name) {
    return PREFIX + realRoot.resolve(name);
  }

  private static long copy(DataChunks data, FileChannel out) throws IOException {
    try (WriteBehindFile file = new WriteBehindFile(out)) {
      for (ByteBuffer chunk = data.next(); chunk != null; chunk = data.next()) {
        file.write(chunk);
      }
      file.finish();
      return file.written();
    }
  }

  private Path require(String location) {
    return resolve(location)
        .orElseThrow(() -> new BadRequestException("Location is not in this file store"));
  }

  /** The file for a location that names a direct child of the root with a data name, if any. */
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
        || ObjectIds.parseData(name.toString()).isEmpty()
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
