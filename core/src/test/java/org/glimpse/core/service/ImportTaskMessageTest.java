package org.glimpse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The message a successful import task keeps: Glance's last progress report, whole MiB. */
class ImportTaskMessageTest {
  @Test
  void wholeMebibytesCopiedRoundedDown() {
    assertThat(ImportRunner.copiedMessage(5)).isEqualTo("Copied 0 MiB");
    assertThat(ImportRunner.copiedMessage((1 << 20) - 1)).isEqualTo("Copied 0 MiB");
    assertThat(ImportRunner.copiedMessage(1 << 20)).isEqualTo("Copied 1 MiB");
    assertThat(ImportRunner.copiedMessage(256L << 20)).isEqualTo("Copied 256 MiB");
    assertThat(ImportRunner.copiedMessage(5L << 30)).isEqualTo("Copied 5120 MiB");
  }

  @Test
  void nothingCopiedLeavesNoMessage() {
    // an empty image (and a copy whose size is unknown) never reported progress in Glance
    assertThat(ImportRunner.copiedMessage(0)).isEmpty();
    assertThat(ImportRunner.copiedMessage(-1)).isEmpty();
  }
}
