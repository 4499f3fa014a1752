package org.glimpse.server.notify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glimpse.server.config.ConfigException;

/** oslo.messaging's notification drivers that Glimpse has ({@code [oslo_messaging_notifications] driver}). */
public enum NotificationDriver {
  /** RabbitMQ, the 2.0 envelope. */
  MESSAGINGV2("messagingv2"),
  /** RabbitMQ, the bare message (1.0). */
  MESSAGING("messaging"),
  LOG("log"),
  NOOP("noop");

  private final String configName;

  NotificationDriver(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The configured drivers, without noop; a name Glimpse does not have stops the server. */
  public static Set<NotificationDriver> parse(List<String> names) {
    Set<NotificationDriver> drivers = new LinkedHashSet<>();
    for (String name : names) {
      NotificationDriver driver = byName(name.strip().toLowerCase(Locale.ROOT));
      if (driver != NOOP) {
        drivers.add(driver);
      }
    }
    return drivers;
  }

  private static NotificationDriver byName(String name) {
    List<String> known = new ArrayList<>();
    for (NotificationDriver d : values()) {
      if (d.configName.equals(name)) {
        return d;
      }
      known.add(d.configName);
    }
    throw new ConfigException("[oslo_messaging_notifications] driver: unknown driver '" + name
        + "'; Glimpse has " + String.join(", ", known));
  }

  public boolean isMessaging() {
    return this == MESSAGING || this == MESSAGINGV2;
  }
}
