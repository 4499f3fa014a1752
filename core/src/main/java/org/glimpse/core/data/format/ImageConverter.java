package org.glimpse.core.data.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image_conversion import step ({@code [image_conversion] output_format}): staged data in its
 * disk_format → the same disk in the output format, by {@code qemu-img convert}. As Glance's
 * plugin, it first inspects the input (one safe format, the one claimed; ISO is never converted),
 * has {@code qemu-img info} agree, converts, and inspects the result. The input file is left to
 * the caller (the import deletes its staged object once the image records the new one).
 */
public final class ImageConverter {
  private static final Logger LOG = LoggerFactory.getLogger(ImageConverter.class);
  private static final Pattern TOP_FORMAT = Pattern.compile("(?m)^ {4}\"format\": \"([^\"]+)\"");
  private static final Pattern VIRTUAL_SIZE = Pattern.compile("(?m)^ {4}\"virtual-size\": (\\d+)");

  private final String outputFormat;
  private final FormatRules rules;
  private final Duration timeout;

  /** The step's result: where the disk now is, in which format, its size and virtual size. */
  public record Converted(Path file, String diskFormat, long size, long virtualSize, boolean converted) {}

  /** Why the step refused the data; Glance's words. The import fails and the image goes back to queued. */
  public static final class ConversionFailed extends RuntimeException {
    public ConversionFailed(String message) {
      super(message);
    }
  }

  public ImageConverter(String outputFormat, FormatRules rules, Duration timeout) {
    if (!Set.of("raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi").contains(outputFormat)) {
      throw new IllegalArgumentException("[image_conversion] output_format " + outputFormat + " is not a format"
          + " qemu-img can write here (raw, qcow2, vmdk, vhd, vhdx, vdi)");
    }
    this.outputFormat = outputFormat;
    this.rules = rules;
    this.timeout = timeout;
  }

  /** Converts {@code staged}, whose image claims {@code diskFormat}, into {@code <staged>.<output_format>}. */
  public Converted convert(Path staged, String diskFormat) throws IOException {
    String detected = inspect(staged);
    if (detected.equals("iso")) {
      if (diskFormat.equals("iso")) {
        return new Converted(staged, diskFormat, Files.size(staged), info(staged, "raw").virtualSize, false);
      }
      throw new ConversionFailed("Image has disallowed configuration");
    }
    if (!detected.equals(diskFormat)) {
      throw new ConversionFailed("Image format mismatch");
    }
    Info source = info(staged, diskFormat);
    if (!diskFormat.equals(source.format)) {
      throw new ConversionFailed("Image metadata disagrees about format");
    }
    if (source.json.contains("\"backing-filename\"")) {
      throw new ConversionFailed("QCOW images with backing files are not allowed");
    }
    if (source.json.contains("\"data-file\"")) {
      throw new ConversionFailed("QCOW images with data-file set are not allowed");
    }
    if (diskFormat.equals(outputFormat)) {
      return new Converted(staged, diskFormat, Files.size(staged), source.virtualSize, false);
    }
    Path dest = staged.resolveSibling(staged.getFileName() + "." + outputFormat);
    try {
      qemuImg("convert", "-f", diskFormat, "-O", outputFormat, staged.toString(), dest.toString());
      String written = inspect(dest);
      if (!written.equals(outputFormat)) {
        throw new ConversionFailed("Converted image in unexpected format");
      }
      Info result = info(dest, outputFormat);
      LOG.info("converted {} from {} to {}", staged.getFileName(), diskFormat, outputFormat);
      return new Converted(dest, outputFormat, Files.size(dest), result.virtualSize, true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(dest);
      throw e;
    }
  }

  /** The one format of the file (a GPT disk counts as raw), refusing unsafe data. */
  private String inspect(Path file) throws IOException {
    FormatInspectingStream in;
    try (InputStream raw = Files.newInputStream(file)) {
      in = new FormatInspectingStream(raw);
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    List<DiskInspector> matched = in.matched();
    DiskInspector found;
    if (matched.size() == 2 && matched.stream().map(DiskInspector::name).toList().containsAll(List.of("iso", "gpt"))) {
      found = matched.stream().filter(i -> i.name().equals("iso")).findFirst().orElseThrow();
    } else if (matched.size() > 1) {
      throw new ConversionFailed("Image format detection failed");
    } else {
      found = matched.isEmpty() ? null : matched.get(0);
    }
    if (found == null) {
      return "raw";
    }
    List<String> failed = found.safetyFailures();
    if (!failed.isEmpty() && !(found.name().equals("gpt") && rules.gptNonfatalChecks().containsAll(failed))) {
      LOG.warn("{} refused for conversion: {} failed {}", file.getFileName(), found.name(), failed);
      throw new ConversionFailed("Image has disallowed configuration");
    }
    return found.name().equals("gpt") ? "raw" : found.name();
  }

  private record Info(String json, String format, long virtualSize) {}

  private Info info(Path file, String format) {
    String json = qemuImg("info", "-f", format, "--output=json", file.toString());
    Matcher f = TOP_FORMAT.matcher(json);
    Matcher v = VIRTUAL_SIZE.matcher(json);
    return new Info(json, f.find() ? f.group(1) : null, v.find() ? Long.parseLong(v.group(1)) : 0L);
  }

  private String qemuImg(String... args) {
    List<String> command = new ArrayList<>(List.of("qemu-img"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ConversionFailed("qemu-img " + args[0] + " took longer than " + timeout.toSeconds() + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new ConversionFailed("qemu-img " + args[0] + " failed: " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new ConversionFailed("qemu-img could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConversionFailed("interrupted while running qemu-img");
    }
  }
}
