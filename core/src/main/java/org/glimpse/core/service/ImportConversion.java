package org.glimpse.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.glimpse.core.data.LimitedInputStream;
import org.glimpse.core.data.format.ImageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code image_conversion} import plugin around {@link ImageConverter}: an import's data is
 * copied (at most {@code image_size_cap} bytes) into a file of its own under the work directory,
 * converted there, and the result is what the import stores. qemu-img needs files; the copy keeps
 * the staged object untouched until the import succeeds, so a failure reverts as Glance does.
 */
public final class ImportConversion {
  private static final Logger LOG = LoggerFactory.getLogger(ImportConversion.class);

  private final ImageConverter converter;
  private final Path workDir;
  private final long sizeCap;

  /** @param workDir where the import's temporary files go ({@code [task] work_dir}); created if missing */
  public ImportConversion(ImageConverter converter, Path workDir, long sizeCap) {
    this.converter = converter;
    this.workDir = workDir;
    this.sizeCap = sizeCap;
  }

  /**
   * A conversion's outcome and its temporary files, removed by {@link #close} whatever happened.
   */
  public static final class Work implements AutoCloseable {
    private final Path copy;
    private ImageConverter.Converted converted;

    private Work(Path copy) {
      this.copy = copy;
    }

    public ImageConverter.Converted converted() {
      return converted;
    }

    @Override
    public void close() {
      remove(copy);
      if (converted != null && !converted.file().equals(copy)) {
        remove(converted.file());
      }
    }

    private static void remove(Path file) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("temporary import file {} not removed: {}", file, e.toString());
      }
    }
  }

  /**
   * Copies {@code source} (an image claiming {@code diskFormat}) under the work directory and
   * converts it; the caller closes the result. Throws (leaving no file behind) when the data is
   * too large, cannot be read, or the converter refuses it ({@link ImageConverter.ConversionFailed},
   * Glance's words).
   */
  Work convert(String taskId, InputStream source, String diskFormat) throws IOException {
    Files.createDirectories(workDir);
    Work work = new Work(workDir.resolve("import-" + taskId));
    try {
      try (InputStream limited = new LimitedInputStream(source, sizeCap,
              () -> UploadErrors.V2.tooLarge(sizeCap, false), UploadErrors.V2::readFailed);
          OutputStream out = Files.newOutputStream(work.copy, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        limited.transferTo(out);
      }
      work.converted = converter.convert(work.copy, diskFormat);
      return work;
    } catch (IOException | RuntimeException e) {
      work.close();
      throw e;
    }
  }
}
