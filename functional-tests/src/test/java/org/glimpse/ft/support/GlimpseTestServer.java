package org.glimpse.ft.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.glimpse.core.port.ImageStore;
import org.glimpse.db.ConnectionString;
import org.glimpse.server.GlimpseServer;
import org.glimpse.server.config.ConfigLoader;
import org.glimpse.server.config.GlimpseConfig;

/**
 * A real Glimpse on a random port with its own temporary data directory, configured the way an
 * operator would (environment overrides on top of the defaults).
 */
public final class GlimpseTestServer implements AutoCloseable {
  private final Path dir;
  private final GlimpseConfig config;
  private final String databaseConnection;
  private final UnaryOperator<ImageStore> storeWrapper;
  private GlimpseServer server;

  private GlimpseTestServer(Path dir, GlimpseConfig config, UnaryOperator<ImageStore> storeWrapper) {
    this.dir = dir;
    this.config = config;
    this.databaseConnection = config.database().connection();
    this.storeWrapper = storeWrapper;
    this.server = GlimpseServer.start(config, storeWrapper);
  }

  /**
   * @param databaseConnection {@code [database] connection}, or null for an H2 file in the temp dir
   * @param overrides further {@code GLIMPSE_<SECTION>__<KEY>} settings
   */
  public static GlimpseTestServer start(String databaseConnection, Map<String, String> overrides) {
    return start(databaseConnection, overrides, UnaryOperator.identity());
  }

  /** As {@link #start(String, Map)}, with the server's store wrapped by {@code storeWrapper}. */
  public static GlimpseTestServer start(String databaseConnection, Map<String, String> overrides,
      UnaryOperator<ImageStore> storeWrapper) {
    try {
      Path dir = Files.createTempDirectory("glimpse-ft-");
      Map<String, String> env = new HashMap<>();
      env.put("GLIMPSE_DEFAULT__BIND_PORT", "0");
      String connection = databaseConnection != null ? databaseConnection : "h2:" + dir.resolve("db/glimpse");
      env.put("GLIMPSE_DATABASE__CONNECTION", connection);
      env.put("GLIMPSE_GLANCE_STORE__FILESYSTEM_STORE_DATADIR", dir.resolve("images").toString());
      env.putAll(overrides);
      GlimpseConfig config = new ConfigLoader().load(List.of(), env);
      return new GlimpseTestServer(dir, config, storeWrapper);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static GlimpseTestServer start() {
    return start(null, Map.of());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The port of the [metrics] listener; -1 while metrics are off. */
  public int metricsPort() {
    return server.metricsPort();
  }

  public Path imageDir() {
    return dir.resolve("images");
  }

  /**
   * The file holding the image's data in the file store ({@code <id>~<upload id>}), or a path that
   * does not exist when the image has none.
   */
  public Path dataFile(String imageId) {
    try (Stream<Path> files = Files.list(imageDir())) {
      return files.filter(f -> f.getFileName().toString().startsWith(imageId + "~")).findFirst()
          .orElse(imageDir().resolve(imageId + "~none"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A connection of the test's own to the server's database (for H2, the same in-process database),
   * to set up what a crashed process would have left; the caller closes it.
   */
  public Connection openDatabase() throws SQLException {
    ConnectionString c = ConnectionString.parse(databaseConnection);
    return DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
  }

  /** Names of every file in the file store's directory, temporary ones included. */
  public List<String> storeFiles() {
    try (Stream<Path> files = Files.list(imageDir())) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Client as(String project, String roles) {
    return Client.of(baseUrl(), project, roles);
  }

  public Client anonymous() {
    return Client.anonymous(baseUrl());
  }

  /**
   * Stops the server as a SIGTERM does (gracefully), keeping its data; {@link #startAgain} starts
   * a new one on the same data and settings, on a new port.
   */
  public void stop() {
    server.stop();
  }

  public void startAgain() {
    server = GlimpseServer.start(config, storeWrapper);
  }

  @Override
  public void close() {
    server.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
