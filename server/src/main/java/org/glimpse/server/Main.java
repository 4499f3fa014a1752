package org.glimpse.server;

import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;

/** glimpse-api: {@code java -jar glimpse-api.jar [--config-file PATH]…}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    GlimpseServer server;
    try {
      server = GlimpseServer.start(new ConfigLoader().load(args, System.getenv()));
    } catch (ConfigException e) {
      // a configuration mistake is the operator's to fix: say which, without a stack trace
      System.err.println("glimpse: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "glimpse-shutdown"));
  }
}
