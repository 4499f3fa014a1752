package org.glimpse.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.glimpse.core.error.TooLargeException;
import org.junit.jupiter.api.Test;

class VirtualSizeProbeTest {

  private static VirtualSizeProbe readAll(byte[] data, int chunk) throws IOException {
    VirtualSizeProbe probe = new VirtualSizeProbe(new ByteArrayInputStream(data));
    byte[] buffer = new byte[chunk];
    while (probe.read(buffer, 0, chunk) >= 0) {
      // drain
    }
    return probe;
  }

  private static byte[] qcow2(long virtualSize) {
    ByteBuffer b = ByteBuffer.allocate(1024);
    b.putInt(0, 0x514649fb).putInt(4, 3).putLong(24, virtualSize);
    return b.array();
  }

  @Test
  void rawIsAsBigAsItsData() throws IOException {
    assertThat(readAll(new byte[36], 8).virtualSize("raw", 36)).isEqualTo(36);
    assertThat(readAll(new byte[0], 8).virtualSize("raw", 0)).isNull();
  }

  @Test
  void qcow2NamesItsSizeInItsHeaderWhateverTheReadSizes() throws IOException {
    for (int chunk : new int[] {1, 7, 31, 4096}) {
      assertThat(readAll(qcow2(10L << 30), chunk).virtualSize("qcow2", 1024)).isEqualTo(10L << 30);
    }
    VirtualSizeProbe single = new VirtualSizeProbe(new ByteArrayInputStream(qcow2(5)));
    while (single.read() >= 0) {
      // byte by byte
    }
    assertThat(single.virtualSize("qcow2", 1024)).isEqualTo(5);
  }

  @Test
  void unknownOrMismatchedDataHasNoVirtualSize() throws IOException {
    assertThat(readAll("not a qcow2 image at all, honest".getBytes(), 64).virtualSize("qcow2", 32)).isNull();
    assertThat(readAll(new byte[10], 64).virtualSize("qcow2", 10)).as("shorter than a header").isNull();
    assertThat(readAll(qcow2(1 << 20), 64).virtualSize("iso", 1024)).isNull();
    assertThat(readAll(qcow2(1 << 20), 64).virtualSize(null, 1024)).isNull();
  }

  @Test
  void limitedStreamStopsAtTheLimit() throws IOException {
    LimitedInputStream limited = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10,
        () -> new TooLargeException("too big"), java.io.UncheckedIOException::new);
    assertThat(limited.readAllBytes()).hasSize(10);
    LimitedInputStream over = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10,
        () -> new TooLargeException("too big"), java.io.UncheckedIOException::new);
    assertThatThrownBy(over::readAllBytes).isInstanceOf(TooLargeException.class).hasMessage("too big");
  }
}
