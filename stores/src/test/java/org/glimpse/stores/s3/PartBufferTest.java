package org.glimpse.stores.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PartBufferTest {
  private static byte[] bytes(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 13 + seed);
    }
    return data;
  }

  @Test
  void fillsUpToItsCapacityAcrossBlocksAndLeavesTheRestInTheChunk() throws Exception {
    int capacity = 2 * PartBuffer.BLOCK + 100;
    PartBuffer part = new PartBuffer(capacity);
    byte[] data = bytes(capacity + 50, 1);
    ByteBuffer chunk = ByteBuffer.wrap(data);
    part.fill(chunk);
    assertThat(part.isFull()).isTrue();
    assertThat(chunk.remaining()).isEqualTo(50);
    assertThat(part.newStream().readAllBytes()).isEqualTo(Arrays.copyOf(data, capacity));
    assertThat(part.newStream().readAllBytes()).as("a retry reads the same bytes")
        .isEqualTo(Arrays.copyOf(data, capacity));
  }

  @Test
  void isReusedAfterClearAndHoldsOnlyWhatWasWritten() throws Exception {
    PartBuffer part = new PartBuffer(3 * PartBuffer.BLOCK);
    part.fill(ByteBuffer.wrap(bytes(PartBuffer.BLOCK + 10, 2)));
    part.clear();
    assertThat(part.size()).isZero();
    assertThat(part.newStream().readAllBytes()).isEmpty();
    byte[] next = bytes(7, 3);
    part.fill(ByteBuffer.wrap(next));
    assertThat(part.isFull()).isFalse();
    assertThat(part.newStream().readAllBytes()).isEqualTo(next);
  }
}
