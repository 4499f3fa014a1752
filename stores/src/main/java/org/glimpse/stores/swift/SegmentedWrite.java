package org.glimpse.stores.swift;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The segments one stage call writes for a data object: uploads them from a {@link SegmentSource}
 * and removes them again. Segment names are {@code <object>/<attempt>/<index>} in the segment
 * container; the attempt is random, so a second stage of the same upload never touches the first
 * one's segments.
 */
final class SegmentedWrite {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One written segment. */
  record Segment(String name, String etag, long size) {}

  private final SwiftClient client;
  private final SwiftSettings settings;
  private final String namePrefix;
  private final List<Segment> segments = new ArrayList<>();
  private long size;

  SegmentedWrite(SwiftClient client, SwiftSettings settings, String object) {
    this.client = client;
    this.settings = settings;
    this.namePrefix = object + "/" + HexFormat.of().toHexDigits(RANDOM.nextLong()) + "/";
  }

  List<Segment> segments() {
    return List.copyOf(segments);
  }

  long size() {
    return size;
  }

  /**
   * Writes the data to its end as segments. On any failure every segment written (and the one
   * being written) is removed, and the producer's own exception is rethrown if it was the cause.
   */
  void upload(SegmentSource source) throws IOException {
    String current = null;
    try {
      do {
        long limit = segments.isEmpty() ? settings.largeObjectSize() : settings.chunkSize();
        current = namePrefix + String.format("%05d", segments.size());
        long before = source.total();
        InputStream segment = source.segment(limit);
        String etag = client.putStream(settings.segmentContainer(), current, () -> segment);
        segments.add(new Segment(current, etag, source.total() - before));
        current = null;
      } while (source.hasMore());
      size = source.total();
    } catch (IOException | RuntimeException | Error e) {
      Throwable cause = source.failure() != null ? source.failure() : e;
      if (current != null) {
        deleteQuietly(current, cause);
      }
      deleteAll(cause);
      throw rethrowable(cause);
    }
  }

  /** Removes the written segments; failures are attached to {@code cause}. */
  void deleteAll(Throwable cause) {
    for (Segment segment : segments) {
      deleteQuietly(segment.name(), cause);
    }
    segments.clear();
  }

  /** Removes the written segments. */
  void deleteAll() throws IOException {
    for (Segment segment : List.copyOf(segments)) {
      client.delete(settings.segmentContainer(), segment.name());
      segments.remove(segment);
    }
  }

  /** Removes every segment whose name starts with {@code prefix}, whoever wrote it. */
  static void deleteSegments(SwiftClient client, SwiftSettings settings, String prefix) throws IOException {
    for (SwiftClient.Listed segment : client.list(settings.segmentContainer(), prefix)) {
      client.delete(settings.segmentContainer(), segment.name());
    }
  }

  private void deleteQuietly(String name, Throwable cause) {
    try {
      client.delete(settings.segmentContainer(), name);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** {@code failure} as something a method throwing IOException can throw unchanged. */
  private static IOException rethrowable(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }
}
