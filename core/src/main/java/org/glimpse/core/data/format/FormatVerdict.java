package org.glimpse.core.data.format;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges inspected data against the image's formats the way Glance (2024.2 and later, with
 * oslo.utils' inspector) does after an upload: only {@code bare} containers are inspected; data
 * must be in exactly one format (an ISO that also carries a GPT counts as ISO), which must be the
 * declared disk_format — except that {@code raw} accepts any format and formats nobody can inspect
 * (ami, aki, ari, ploop) accept data that looks raw; and the format found must pass its safety
 * checks. Refusals of the match are subject to {@code require_image_format_match}; safety failures
 * always refuse.
 */
public final class FormatVerdict {
  private static final Logger LOG = LoggerFactory.getLogger(FormatVerdict.class);
  /** Formats an inspector exists for, as oslo.utils lists them. */
  static final Set<String> INSPECTABLE = Set.of("raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi", "iso", "gpt", "qed", "luks");

  private final FormatRules rules;

  public FormatVerdict(FormatRules rules) {
    this.rules = rules;
  }

  /** Why data was refused; the message is Glance's. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * The image's virtual size from its data (null when unknown or not inspected).
   *
   * @throws Refused when the data must not be kept
   */
  public Long judge(String diskFormat, String containerFormat, FormatInspectingStream data) throws Refused {
    if (!"bare".equals(containerFormat) || data.actualSize() == 0) {
      return null;
    }
    DiskInspector found;
    String format;
    try {
      found = single(data.matched());
      format = found == null ? "raw" : found.name();
    } catch (Refused e) {
      return mismatch(e);
    }
    Long virtualSize;
    if (format.equals(diskFormat)) {
      virtualSize = found == null ? data.actualSize() : found.virtualSize();
    } else if (format.equals("raw") && !INSPECTABLE.contains(diskFormat)) {
      virtualSize = null;
    } else if ("raw".equals(diskFormat)) {
      LOG.warn("image claims disk_format raw but its data is {}", format);
      virtualSize = data.actualSize();
    } else {
      return mismatch(new Refused("Image disk_format " + diskFormat + " does not match stream data " + format));
    }
    if (found != null) {
      safe(found);
    }
    return virtualSize;
  }

  private static DiskInspector single(List<DiskInspector> matched) throws Refused {
    Set<String> names = matched.stream().map(DiskInspector::name).collect(Collectors.toSet());
    if (names.equals(Set.of("iso", "gpt"))) {
      return matched.stream().filter(i -> i.name().equals("iso")).findFirst().orElseThrow();
    }
    if (matched.size() > 1) {
      throw new Refused("Multiple formats detected: "
          + matched.stream().map(DiskInspector::name).sorted().collect(Collectors.joining(", ")));
    }
    return matched.isEmpty() ? null : matched.get(0);
  }

  private Long mismatch(Refused e) throws Refused {
    if (rules.requireFormatMatch()) {
      throw e;
    }
    LOG.warn("image format did not match; unable to calculate virtual size: {}", e.getMessage());
    return null;
  }

  private void safe(DiskInspector found) throws Refused {
    List<String> failed = found.safetyFailures();
    if (failed.isEmpty()) {
      return;
    }
    if (found.name().equals("gpt") && rules.gptNonfatalChecks().containsAll(failed)) {
      LOG.warn("non-fatal gpt safety check failures: {}", failed);
      return;
    }
    LOG.warn("image {} failed safety checks: {}", found.name(), failed);
    throw new Refused("Image failed safety checks");
  }
}
