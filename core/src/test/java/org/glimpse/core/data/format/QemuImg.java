package org.glimpse.core.data.format;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Real disk images made by {@code qemu-img} (package qemu-utils, installed by
 * scripts/ensure-tools.sh). Without it the tests skip, unless GLIMPSE_REQUIRE_SERVICES=1.
 */
public final class QemuImg {
  private QemuImg() {}

  public static void require() {
    try {
      run("--version");
    } catch (IllegalStateException e) {
      String message = "qemu-img is not available (" + e.getMessage() + ")";
      if ("1".equals(System.getenv("GLIMPSE_REQUIRE_SERVICES"))) {
        fail(message + " (GLIMPSE_REQUIRE_SERVICES=1)");
      }
      Assumptions.abort(message + "; skipping (install qemu-utils: scripts/ensure-tools.sh)");
    }
  }

  /** {@code qemu-img create -f format [-o options] file size}. */
  public static Path create(Path dir, String name, String format, String options, String size) {
    Path file = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format));
    if (options != null) {
      args.add("-o");
      args.add(options);
    }
    args.add(file.toString());
    args.add(size);
    run(args.toArray(String[]::new));
    return file;
  }

  /** The virtual size {@code qemu-img info} reports. */
  public static long virtualSize(Path file, String format) {
    String json = run("info", "--output=json", "-f", format, file.toString());
    Matcher m = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no virtual-size in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  public static String run(String... args) {
    List<String> command = new ArrayList<>(List.of("qemu-img"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
