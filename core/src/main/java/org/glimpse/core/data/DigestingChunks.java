package org.glimpse.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads an upload body into large chunks and computes its md5 (Glance's {@code checksum}) and its
 * multihash ({@code os_hash_value}) on two threads of their own, each digest over the chunks in
 * order, while the caller's thread goes on reading the client and the store writes. A chunk is
 * reused once both digests and the store are done with it; at most {@link #IN_FLIGHT} exist per
 * upload, so a slow digest holds the reading back instead of growing memory. Data that fits in
 * one chunk is hashed on the caller's thread (no hand-over for small images).
 */
public final class DigestingChunks implements DataChunks, AutoCloseable {
  /** Bytes per chunk: large enough that per-call costs vanish next to hashing. */
  public static final int CHUNK_SIZE = 1 << 20;
  static final int IN_FLIGHT = 4;

  private static final ExecutorService LANES = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "glimpse-digest");
    t.setDaemon(true);
    return t;
  });
  private static final Chunk END = new Chunk(null, new ArrayBlockingQueue<>(1));

  private final InputStream in;
  private final int chunkSize;
  private final HashAlgorithm algorithm;
  private final MessageDigest md5;
  private final MessageDigest multihash;
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(IN_FLIGHT);
  private int allocated;
  private Chunk held;
  private Lane md5Lane;
  private Lane hashLane;
  private long count;
  private boolean ended;
  private boolean closed;

  /**
   * @param sizeHint the bytes the body should have, or -1: a body of that size takes one chunk
   *     of just that size
   */
  public DigestingChunks(InputStream in, HashAlgorithm algorithm, long sizeHint) {
    this.in = in;
    this.algorithm = algorithm;
    this.md5 = HashAlgorithm.of("md5").newDigest();
    this.multihash = algorithm.newDigest();
    this.chunkSize = sizeHint < 0 ? CHUNK_SIZE : (int) Math.max(4096, Math.min(CHUNK_SIZE, sizeHint + 1));
  }

  @Override
  public ByteBuffer next() throws IOException {
    if (held != null) {
      held.release();
      held = null;
    }
    if (ended || closed) {
      return null;
    }
    Chunk chunk = acquire();
    int n;
    try {
      n = DataChunks.fill(in, chunk.bytes);
    } catch (IOException | RuntimeException | Error e) {
      free.add(chunk);
      throw e;
    }
    ended = n < chunk.bytes.length;
    if (n == 0) {
      free.add(chunk);
      return null;
    }
    count += n;
    chunk.length = n;
    if (md5Lane == null && ended) {
      md5.update(chunk.bytes, 0, n);
      multihash.update(chunk.bytes, 0, n);
      chunk.pending.set(1);
    } else {
      startLanes();
      chunk.pending.set(3);
      md5Lane.queue.add(chunk);
      hashLane.queue.add(chunk);
    }
    held = chunk;
    return ByteBuffer.wrap(chunk.bytes, 0, n).asReadOnlyBuffer();
  }

  /** Waits for both digests; call once {@link #next} returned null. */
  public Digests finish() throws IOException {
    if (!ended) {
      throw new IllegalStateException("the data has not been read to its end");
    }
    stopLanes();
    try {
      if (md5Lane != null) {
        md5Lane.done.await();
        hashLane.done.await();
        md5Lane.check();
        hashLane.check();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the upload's digests were finishing");
    }
    HexFormat hex = HexFormat.of();
    return new Digests(count, hex.formatHex(md5.digest()), algorithm, hex.formatHex(multihash.digest()));
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** Stops the digest threads (after what they hold); the result is then unavailable unless finished. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      stopLanes();
    }
  }

  private void startLanes() {
    if (md5Lane == null) {
      md5Lane = new Lane(md5);
      hashLane = new Lane(multihash);
      LANES.execute(md5Lane);
      LANES.execute(hashLane);
    }
  }

  private void stopLanes() {
    if (md5Lane != null) {
      md5Lane.queue.add(END);
      hashLane.queue.add(END);
    }
  }

  private Chunk acquire() throws IOException {
    Chunk chunk = free.poll();
    if (chunk != null) {
      return chunk;
    }
    if (allocated < IN_FLIGHT) {
      allocated++;
      return new Chunk(new byte[chunkSize], free);
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the upload's digests");
    }
  }

  /** md5, the multihash and the byte count of the data read. */
  public record Digests(long size, String md5Hex, HashAlgorithm algorithm, String multihashHex) {}

  /** A buffer and who still needs it: the digests not yet past it and the store still writing it. */
  private static final class Chunk {
    final byte[] bytes;
    final BlockingQueue<Chunk> home;
    final AtomicInteger pending = new AtomicInteger();
    int length;

    Chunk(byte[] bytes, BlockingQueue<Chunk> home) {
      this.bytes = bytes;
      this.home = home;
    }

    void release() {
      if (pending.decrementAndGet() == 0) {
        home.add(this);
      }
    }
  }

  /**
   * One digest's thread: updates it with each chunk in order until the end mark. Should a digest
   * ever fail, the lane keeps releasing chunks (so the reader never waits forever) and {@link
   * #check} reports the failure instead of a wrong hash.
   */
  private static final class Lane implements Runnable {
    final MessageDigest digest;
    final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable failure;

    Lane(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void run() {
      try {
        for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
          try {
            if (failure == null) {
              digest.update(chunk.bytes, 0, chunk.length);
            }
          } catch (Throwable e) {
            failure = e;
          } finally {
            chunk.release();
          }
        }
      } catch (InterruptedException e) {
        failure = e;
      } finally {
        done.countDown();
      }
    }

    void check() throws IOException {
      if (failure != null) {
        throw new IOException("computing the upload's " + digest.getAlgorithm() + " failed", failure);
      }
    }
  }
}
