package org.glimpse.stores.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.data.DataChunks;
import org.junit.jupiter.api.Test;

class SegmentSourceTest {

  private static byte[] bytes(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 13 + 1);
    }
    return data;
  }

  /** Segments as the store cuts them: the first of {@code first} bytes, then {@code rest} each. */
  private static List<byte[]> cut(SegmentSource source, int first, int rest) throws IOException {
    List<byte[]> segments = new ArrayList<>();
    do {
      segments.add(source.segment(segments.isEmpty() ? first : rest).readAllBytes());
    } while (source.hasMore());
    return segments;
  }

  @Test
  void cutsChunksIntoSegmentsAcrossChunkBoundaries() throws IOException {
    byte[] data = bytes(1000);
    SegmentSource source = new SegmentSource(DataChunks.of(new ByteArrayInputStream(data), 64));
    List<byte[]> segments = cut(source, 300, 250);
    assertThat(segments).extracting(s -> s.length).containsExactly(300, 250, 250, 200);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] segment : segments) {
      joined.write(segment);
    }
    assertThat(joined.toByteArray()).isEqualTo(data);
    assertThat(source.total()).isEqualTo(1000);
  }

  @Test
  void dataOfExactlyOneSegmentIsOneSegmentAndNoDataIsOneEmptySegment() throws IOException {
    assertThat(cut(new SegmentSource(DataChunks.of(new ByteArrayInputStream(bytes(300)), 100)), 300, 10))
        .hasSize(1);
    assertThat(cut(new SegmentSource(DataChunks.of(InputStream.nullInputStream(), 100)), 300, 10))
        .singleElement().satisfies(s -> assertThat(s).isEmpty());
  }

  @Test
  void theProducersFailureIsKeptAndTheReaderGetsAnIoException() {
    IllegalStateException failure = new IllegalStateException("size cap exceeded");
    int[] calls = {0};
    DataChunks failing = () -> {
      if (calls[0]++ == 0) {
        return ByteBuffer.wrap(bytes(10));
      }
      throw failure;
    };
    SegmentSource source = new SegmentSource(failing);
    InputStream segment = source.segment(100);
    assertThatThrownBy(segment::readAllBytes).isInstanceOf(IOException.class).hasCause(failure);
    assertThat(source.failure()).isSameAs(failure);
    assertThatThrownBy(source::hasMore).isInstanceOf(IOException.class).hasCause(failure);
  }
}
