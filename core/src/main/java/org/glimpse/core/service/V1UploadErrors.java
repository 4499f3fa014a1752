package org.glimpse.core.service;

import java.io.IOException;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.image.ImageStatus;

/** v1's words for a failed upload; the image is left {@code killed}, as legacy Glance did. */
final class V1UploadErrors implements UploadErrors {
  @Override
  public ImageStatus onFailure() {
    return ImageStatus.KILLED;
  }

  /** Refused before anything is read: a bad request in v1, not 413. */
  @Override
  public RuntimeException declaredTooLarge(long declared, long allowance, boolean quota) {
    return new BadRequestException(denied(allowance));
  }

  @Override
  public RuntimeException tooLarge(long allowance, boolean quota) {
    return quota ? UploadErrors.V2.tooLarge(allowance, true) : new TooLargeException(denied(allowance));
  }

  @Override
  public RuntimeException sizeMismatch(long expected, long received) {
    return new BadRequestException("Supplied size (" + expected + ") and size generated from uploaded image ("
        + received + ") did not match. Setting image status to 'killed'.");
  }

  @Override
  public RuntimeException checksumMismatch(String expected, String actual) {
    return UploadErrors.V2.checksumMismatch(expected, actual);
  }

  @Override
  public RuntimeException readFailed(IOException e) {
    return new BadRequestException("Client disconnected before sending all data to backend", e);
  }

  private static String denied(long allowance) {
    return "Denying attempt to upload image larger than " + allowance + " bytes.";
  }
}
