package org.glimpse.server.notify;

import java.util.List;

/**
 * {@code [DEFAULT] disabled_notifications}. Glance disables an event named exactly or by its group
 * (the part before the first dot: {@code image} covers {@code image.member.create} too); Glimpse
 * also takes a dotted prefix ({@code image.member}) and a pattern ending in {@code .*}.
 */
public final class DisabledNotifications {
  private final List<String> entries;

  public DisabledNotifications(List<String> entries) {
    this.entries = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
  }

  public boolean isDisabled(String eventType) {
    for (String entry : entries) {
      String prefix = entry.endsWith(".*") ? entry.substring(0, entry.length() - 2) : entry;
      if (eventType.equals(prefix) || eventType.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }
}
