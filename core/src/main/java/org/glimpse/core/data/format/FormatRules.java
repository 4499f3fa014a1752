package org.glimpse.core.data.format;

import java.util.Set;

/**
 * How strictly uploaded data is held to its disk_format, as Glance's {@code [image_format]}
 * options: {@code require_image_format_match} and {@code gpt_safety_checks_nonfatal}.
 */
public record FormatRules(boolean requireFormatMatch, Set<String> gptNonfatalChecks) {
  public FormatRules {
    gptNonfatalChecks = Set.copyOf(gptNonfatalChecks);
  }

  public static FormatRules glanceDefaults() {
    return new FormatRules(true, Set.of());
  }
}
