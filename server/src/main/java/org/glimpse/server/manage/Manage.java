package org.glimpse.server.manage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.time.ImageClock;
import org.glimpse.db.Database;
import org.glimpse.server.GlimpseServer;
import org.glimpse.server.config.ConfigException;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;

/**
 * glimpse-manage: {@code [--config-file PATH]… COMMAND [options]}, on the database of the same
 * configuration the server reads. Commands (as glance-manage's):
 *
 * <ul>
 *   <li>{@code db_load_metadefs [--path DIR] [--merge] [--prefer_new] [--overwrite]}
 *   <li>{@code db_export_metadefs [--path DIR]}
 *   <li>{@code db_unload_metadefs}
 * </ul>
 *
 * {@code --path} defaults to {@code [DEFAULT] metadata_source_path}. Exit status: 0 done, 1 a
 * file failed to load, 2 a usage or configuration error.
 */
public final class Manage {
  private static final String USAGE = "usage: glimpse-manage [--config-file PATH]... COMMAND\n"
      + "  db_load_metadefs [--path DIR] [--merge] [--prefer_new] [--overwrite]\n"
      + "  db_export_metadefs [--path DIR]\n"
      + "  db_unload_metadefs";

  private Manage() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> config = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--config-file") || a.equals("--config-dir")) && i + 1 < args.length) {
        config.add(a);
        config.add(args[++i]);
      } else if (a.startsWith("--config-file=") || a.startsWith("--config-dir=")) {
        config.add(a);
      } else {
        rest.add(a);
      }
    }
    if (rest.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    String command = rest.get(0);
    String path = null;
    boolean merge = false;
    boolean preferNew = false;
    boolean overwrite = false;
    for (int i = 1; i < rest.size(); i++) {
      String a = rest.get(i);
      switch (a) {
        case "--path" -> {
          if (i + 1 >= rest.size()) {
            err.println("--path needs a value\n" + USAGE);
            return 2;
          }
          path = rest.get(++i);
        }
        case "--merge" -> merge = true;
        case "--prefer_new" -> preferNew = true;
        case "--overwrite" -> overwrite = true;
        default -> {
          if (a.startsWith("--path=")) {
            path = a.substring("--path=".length());
          } else {
            err.println("Unknown argument '" + a + "'\n" + USAGE);
            return 2;
          }
        }
      }
    }
    if (!List.of("db_load_metadefs", "db_export_metadefs", "db_unload_metadefs").contains(command)) {
      err.println("Unknown command '" + command + "'\n" + USAGE);
      return 2;
    }
    GlimpseConfig cfg;
    try {
      cfg = new ConfigLoader(err::println).load(config.toArray(String[]::new), System.getenv());
    } catch (ConfigException e) {
      err.println("glimpse-manage: " + e.getMessage());
      return 2;
    }
    Path dir = Path.of(path != null ? path : cfg.manage().metadataSourcePath());
    try (Database database = GlimpseServer.openDatabase(cfg.database())) {
      MetadefCatalogFiles files = new MetadefCatalogFiles(database.metadefs(), ImageClock.system(), out);
      switch (command) {
        case "db_load_metadefs" -> {
          return files.load(dir, new MetadefCatalogFiles.LoadMode(merge, preferNew, overwrite)) == 0 ? 0 : 1;
        }
        case "db_export_metadefs" -> files.export(dir);
        default -> files.unload();
      }
      return 0;
    } catch (ConfigException e) {
      err.println("glimpse-manage: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("glimpse-manage: " + e.getMessage());
      return 1;
    }
  }
}
