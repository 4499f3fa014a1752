package org.glimpse.ft.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample policy files the project ships under {@code etc/}, found from the test's directory. */
public final class PolicyFiles {
  private PolicyFiles() {}

  /** {@code etc/policy-secure-rbac.yaml}: Glance's secure-RBAC image and member rules. */
  public static Path secureRbac() {
    return find("etc/policy-secure-rbac.yaml");
  }

  private static Path find(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
