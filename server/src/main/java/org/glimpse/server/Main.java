package org.glimpse.server;

import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;

/** glimpse-api: {@code java -jar glimpse-server.jar [--config-file PATH]…}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    GlimpseConfig config;
    try {
      config = new ConfigLoader().load(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("glimpse: " + e.getMessage());
      System.exit(2);
      return;
    }
    GlimpseServer server = GlimpseServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "glimpse-shutdown"));
  }
}
