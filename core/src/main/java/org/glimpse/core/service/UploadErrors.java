package org.glimpse.core.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.TooLargeException;
import org.glimpse.core.error.UnsupportedMediaTypeException;
import org.glimpse.core.image.ImageStatus;

/**
 * What one API face says when an upload fails, and the status it leaves the image in. The upload
 * itself ({@link ImageUploader}) is the same for v1 and v2; only these words and the end state
 * differ (v2 puts the image back to queued, v1 kills it).
 */
public interface UploadErrors {
  ImageStatus onFailure();

  /** A size announced before any byte was read is beyond what the image may take. */
  RuntimeException declaredTooLarge(long declared, long allowance, boolean quota);

  /** The body grew past what the image may take. */
  RuntimeException tooLarge(long allowance, boolean quota);

  RuntimeException sizeMismatch(long expected, long received);

  RuntimeException checksumMismatch(String expected, String actual);

  /** The client's body could not be read to its end. */
  RuntimeException readFailed(IOException e);

  /**
   * The data is not in the image's disk_format or fails its format's safety checks: 415, as
   * Glance answers {@code InvalidImageData}.
   */
  default RuntimeException invalidData(String message) {
    return new UnsupportedMediaTypeException(message);
  }

  /** The v2 face: Glance's v2 words; a failed upload leaves the image queued for another try. */
  UploadErrors V2 = new UploadErrors() {
    @Override
    public ImageStatus onFailure() {
      return ImageStatus.QUEUED;
    }

    @Override
    public RuntimeException declaredTooLarge(long declared, long allowance, boolean quota) {
      return tooLarge(declared + " bytes requested, ", allowance, quota);
    }

    @Override
    public RuntimeException tooLarge(long allowance, boolean quota) {
      return tooLarge("", allowance, quota);
    }

    private RuntimeException tooLarge(String requested, long allowance, boolean quota) {
      String what = quota ? "Image exceeds the storage quota" : "The incoming image is too large";
      return new TooLargeException(what + ": " + requested + allowance + " bytes allowed.");
    }

    @Override
    public RuntimeException sizeMismatch(long expected, long received) {
      return new BadRequestException("Supplied image size (" + expected
          + ") does not match the size of the data received (" + received + ").");
    }

    @Override
    public RuntimeException checksumMismatch(String expected, String actual) {
      return new BadRequestException("Supplied checksum (" + expected
          + ") and checksum generated from uploaded image (" + actual + ") did not match.");
    }

    @Override
    public RuntimeException readFailed(IOException e) {
      return new UncheckedIOException(e);
    }
  };
}
