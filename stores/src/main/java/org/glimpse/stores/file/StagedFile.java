package org.glimpse.stores.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.glimpse.core.error.ConflictException;
import org.glimpse.core.port.ImageStore.StagedData;

/** A fully written, fsynced temporary file waiting to become {@code target}. */
final class StagedFile implements StagedData {
  private final Path temp;
  private final Path target;
  private final String location;
  private final long size;
  private boolean done;

  StagedFile(Path temp, Path target, String location, long size) {
    this.temp = temp;
    this.target = target;
    this.location = location;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized String commit() throws IOException {
    if (done) {
      throw new IllegalStateException("Staged data is already committed or closed");
    }
    done = true;
    try {
      publish();
    } catch (FileAlreadyExistsException e) {
      FileImageStore.deleteQuietly(temp, e);
      throw new ConflictException("Image data already exists for this image", e);
    } catch (Throwable e) {
      FileImageStore.deleteQuietly(temp, e);
      throw e;
    }
    syncDirectory();
    return location;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!done) {
      done = true;
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A rename (even ATOMIC_MOVE) silently replaces an existing target on POSIX, so the target is
   * created with link(2), which fails atomically if it exists; the temp name is then dropped. Where
   * hard links are unsupported, an existence check before an atomic rename is the fallback.
   */
  private void publish() throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Files.delete(temp);
  }

  /** Makes the new directory entry durable; best effort where directories cannot be opened. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform lets a directory be opened or synced; the data itself is synced.
    }
  }
}
