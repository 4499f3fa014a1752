package org.glimpse.stores.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image cache in files under {@code image_cache_dir}, laid out as Glance's: published copies
 * directly in the directory, named by image id; copies being filled in {@code incomplete/}; the
 * queue as empty files in {@code queue/} (their modification time is the time queued). Glimpse
 * adds {@code index/}: per copy, what it was verified against and its block digests ({@link
 * EntryIndex}), and its hit count. The last access of a copy is its file's access time, set
 * explicitly on every read (so it does not depend on how the file system is mounted).
 *
 * <p>A copy is published by renaming its complete, verified file into place, after its index: a
 * reader finds either no copy or a whole one. The cache belongs to one server process; copies are
 * not synced to disk, since a copy damaged by a crash is caught by its block digests and evicted.
 */
public final class FileImageCache implements ImageCache {
  private static final Logger LOG = LoggerFactory.getLogger(FileImageCache.class);
  /**
   * Image ids are UUIDs in practice; a name with anything else (a dot, a slash) could leave the
   * directory or collide with the cache's own files ({@code .hits}, {@code .index}), so it is no id.
   */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z_-]{0,254}");

  private final Path base;
  private final Path incomplete;
  private final Path queue;
  private final Path index;
  private final long maxSize;
  private final Duration stallTime;
  private final Clock clock;
  private final Object lock = new Object();

  public FileImageCache(Path dir, long maxSize, Duration stallTime, Clock clock) {
    this.base = dir.toAbsolutePath();
    this.incomplete = base.resolve("incomplete");
    this.queue = base.resolve("queue");
    this.index = base.resolve("index");
    this.maxSize = maxSize;
    this.stallTime = stallTime;
    this.clock = clock;
    try {
      for (Path d : List.of(base, incomplete, queue, index, base.resolve("invalid"))) {
        Files.createDirectories(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the image cache directory " + base, e);
    }
  }

  public Path directory() {
    return base;
  }

  @Override
  public InputStream open(String imageId, Expected expected, long offset, long length) throws IOException {
    if (!validId(imageId)) {
      return null;
    }
    Path data = base.resolve(imageId);
    FileChannel channel;
    try {
      channel = FileChannel.open(data, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      EntryIndex entry = EntryIndex.read(index.resolve(imageId));
      if (entry == null || !entry.matches(expected) || channel.size() != entry.size()) {
        LOG.warn("image cache: copy of image {} does not match the image (size, checksum or index); evicted", imageId);
        channel.close();
        deleteCached(imageId);
        return null;
      }
      long len = length < 0 ? entry.size() - offset : length;
      VerifiedRead read = new VerifiedRead(imageId, channel, entry, offset, len, () -> {
        LOG.warn("image cache: copy of image {} is damaged; evicted", imageId);
        deleteCached(imageId);
      });
      read.verifyFirst();
      hit(imageId, data);
      return read;
    } catch (IOException | RuntimeException e) {
      channel.close();
      LOG.warn("image cache: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public InputStream fill(String imageId, Expected expected, InputStream source) {
    if (!validId(imageId) || isCached(imageId)) {
      return source;
    }
    Path part = incomplete.resolve(imageId);
    FileChannel out;
    try {
      out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      return source; // another reader is filling it
    } catch (IOException e) {
      LOG.warn("image cache: cannot cache image {}: {}", imageId, e.toString());
      return source;
    }
    return new FillingStream(imageId, expected, source, out, new FillingStream.Publisher() {
      @Override
      public void publish(EntryIndex entry) {
        publishCopy(imageId, part, entry);
      }

      @Override
      public void discard(String why) {
        LOG.info("image cache: image {} not cached: {}", imageId, why);
        deleteQuietly(part);
      }
    });
  }

  private void publishCopy(String imageId, Path part, EntryIndex entry) {
    Path indexPart = incomplete.resolve(imageId + ".index");
    try {
      entry.write(indexPart);
      Files.writeString(incomplete.resolve(imageId + ".hits"), "0");
      Files.move(incomplete.resolve(imageId + ".hits"), index.resolve(imageId + ".hits"),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(indexPart, index.resolve(imageId), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, base.resolve(imageId), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      touch(base.resolve(imageId));
      deleteQueued(imageId);
      LOG.info("image cache: image {} cached ({} bytes)", imageId, entry.size());
    } catch (IOException e) {
      LOG.warn("image cache: publishing image {} failed: {}", imageId, e.toString());
      deleteQuietly(part);
      deleteQuietly(indexPart);
      return;
    }
    prune();
  }

  @Override
  public boolean isCached(String imageId) {
    return validId(imageId) && Files.isRegularFile(base.resolve(imageId));
  }

  private boolean isBeingCached(String imageId) {
    return Files.exists(incomplete.resolve(imageId));
  }

  @Override
  public List<CachedImage> cachedImages() {
    List<CachedImage> images = new ArrayList<>();
    for (Path file : files(base)) {
      String id = file.getFileName().toString();
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        images.add(new CachedImage(id, seconds(a.lastAccessTime()), seconds(a.lastModifiedTime()), a.size(),
            hits(id)));
      } catch (IOException e) {
        // evicted meanwhile
      }
    }
    return images;
  }

  @Override
  public List<String> queuedImages() {
    record Queued(String id, FileTime when) {}
    List<Queued> queued = new ArrayList<>();
    for (Path file : files(queue)) {
      try {
        queued.add(new Queued(file.getFileName().toString(), Files.getLastModifiedTime(file)));
      } catch (IOException e) {
        // dequeued meanwhile
      }
    }
    queued.sort(Comparator.comparing(Queued::when).thenComparing(Queued::id));
    return queued.stream().map(Queued::id).toList();
  }

  @Override
  public boolean queue(String imageId) {
    if (!validId(imageId) || isCached(imageId) || isBeingCached(imageId)) {
      return false;
    }
    try {
      Files.createFile(queue.resolve(imageId));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot queue image " + imageId + " for caching", e);
    }
  }

  @Override
  public void deleteCached(String imageId) {
    if (validId(imageId)) {
      deleteQuietly(base.resolve(imageId));
      deleteQuietly(index.resolve(imageId));
      deleteQuietly(index.resolve(imageId + ".hits"));
    }
  }

  @Override
  public void deleteQueued(String imageId) {
    if (validId(imageId)) {
      deleteQuietly(queue.resolve(imageId));
    }
  }

  @Override
  public int deleteAllCached() {
    int n = 0;
    for (Path file : files(base)) {
      deleteCached(file.getFileName().toString());
      n++;
    }
    return n;
  }

  @Override
  public int deleteAllQueued() {
    int n = 0;
    for (Path file : files(queue)) {
      deleteQuietly(file);
      n++;
    }
    return n;
  }

  @Override
  public int clean() {
    int removed = 0;
    for (Path file : files(base.resolve("invalid"))) {
      deleteQuietly(file);
      removed++;
    }
    FileTime stalledBefore = FileTime.from(clock.instant().minus(stallTime));
    for (Path file : files(incomplete)) {
      try {
        if (Files.getLastModifiedTime(file).compareTo(stalledBefore) < 0) {
          deleteQuietly(file);
          removed++;
        }
      } catch (IOException e) {
        // finished or removed meanwhile
      }
    }
    // an index whose copy is gone (evicted while a hit was counted, or a crash between renames)
    for (Path file : files(index)) {
      String name = file.getFileName().toString();
      String id = name.endsWith(".hits") ? name.substring(0, name.length() - 5) : name;
      if (!Files.exists(base.resolve(id))) {
        deleteQuietly(file);
      }
    }
    if (removed > 0) {
      LOG.info("image cache: cleaned {} invalid or stalled file(s)", removed);
    }
    return removed;
  }

  @Override
  public Pruned prune() {
    synchronized (lock) {
      record Entry(String id, FileTime accessed, long size) {}
      List<Entry> entries = new ArrayList<>();
      long total = 0;
      for (Path file : files(base)) {
        try {
          BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
          entries.add(new Entry(file.getFileName().toString(), a.lastAccessTime(), a.size()));
          total += a.size();
        } catch (IOException e) {
          // evicted meanwhile
        }
      }
      if (total <= maxSize) {
        return new Pruned(0, 0);
      }
      entries.sort(Comparator.comparing(Entry::accessed).thenComparing(Entry::id));
      int files = 0;
      long bytes = 0;
      for (Entry e : entries) {
        if (total <= maxSize) {
          break;
        }
        deleteCached(e.id());
        total -= e.size();
        files++;
        bytes += e.size();
      }
      LOG.info("image cache: pruned {} image(s), {} bytes, to stay within {} bytes", files, bytes, maxSize);
      return new Pruned(files, bytes);
    }
  }

  /** Counts a read and makes the copy the most recently used. */
  private void hit(String imageId, Path data) {
    touch(data);
    synchronized (lock) {
      Path hits = index.resolve(imageId + ".hits");
      Path next = incomplete.resolve(imageId + ".hits." + Thread.currentThread().getId());
      try {
        Files.writeString(next, Long.toString(hits(imageId) + 1));
        Files.move(next, hits, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        deleteQuietly(next);
      }
    }
  }

  private long hits(String imageId) {
    try {
      return Long.parseLong(Files.readString(index.resolve(imageId + ".hits")).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private void touch(Path data) {
    try {
      Files.getFileAttributeView(data, BasicFileAttributeView.class)
          .setTimes(null, FileTime.from(clock.instant()), null);
    } catch (IOException e) {
      // evicted meanwhile
    }
  }

  private static double seconds(FileTime time) {
    return time.toMillis() / 1000.0;
  }

  static boolean validId(String imageId) {
    return imageId != null && ID.matcher(imageId).matches()
        && !List.of("incomplete", "queue", "index", "invalid").contains(imageId);
  }

  /** The regular files directly in {@code dir}. */
  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the image cache directory " + dir, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("image cache: cannot remove {}: {}", file, e.toString());
    }
  }
}
