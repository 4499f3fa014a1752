package org.glimpse.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code [database] connection} value turned into what JDBC needs. Accepts Glance's SQLAlchemy
 * URLs ({@code postgresql[+driver]://user:pw@host:port/db}, {@code mysql[+driver]://…}, {@code
 * mariadb://…}), plain {@code jdbc:} URLs, and {@code h2:<file path>} or {@code h2:mem:<name>} for
 * the embedded database.
 *
 * @param user null when the URL carries none (or carries it itself, as a jdbc: URL may)
 * @param password null when the URL carries none
 */
public record ConnectionString(String jdbcUrl, String user, String password, Dialect dialect) {

  /** Where the server keeps its records when no connection is configured. */
  public static final String DEFAULT = "h2:./data/glimpse";

  /** SQLAlchemy/PyMySQL options that mean nothing to the JDBC drivers. */
  private static final Set<String> PYTHON_ONLY_OPTIONS =
      Set.of("charset", "use_unicode", "binary_prefix", "read_default_file", "client_flag");

  /** Parses a connection value; IllegalArgumentException naming what is wrong with it. */
  public static ConnectionString parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("database connection is empty");
    }
    String text = value.trim();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:")) {
      String url = lower.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + text.substring(11) : text;
      return new ConnectionString(url, null, null, Dialect.fromJdbcUrl(url));
    }
    if (lower.startsWith("h2:")) {
      return h2(text.substring(3));
    }
    return sqlAlchemy(text);
  }

  private static ConnectionString h2(String target) {
    if (target.isBlank()) {
      throw new IllegalArgumentException("h2 connection names no file: use h2:/path/to/file");
    }
    String url;
    if (target.startsWith("mem:")) {
      // keep the in-memory database alive between pooled connections
      url = "jdbc:h2:" + target + ";DB_CLOSE_DELAY=-1";
    } else if (target.startsWith("file:")) {
      url = "jdbc:h2:" + target;
    } else {
      // H2 refuses paths implicitly relative to the working directory ("data/x"), not "./data/x"
      boolean explicit = target.startsWith("/") || target.startsWith(".") || target.startsWith("~")
          || target.matches("^[A-Za-z]:[\\\\/].*");
      url = "jdbc:h2:file:" + (explicit ? target : "./" + target);
    }
    return new ConnectionString(url, null, null, Dialect.H2);
  }

  private static ConnectionString sqlAlchemy(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database connection is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "database connection has no scheme (expected postgresql://, mysql://, mariadb://, "
              + "h2: or jdbc:): " + text);
    }
    String backend = scheme.toLowerCase(Locale.ROOT).split("\\+", 2)[0];
    Dialect dialect = switch (backend) {
      case "postgresql", "postgres" -> Dialect.POSTGRESQL;
      case "mysql", "mariadb" -> Dialect.MARIADB;
      default -> throw new IllegalArgumentException(
          "unsupported database '" + backend + "' (use postgresql, mysql, mariadb or h2)");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("database connection names no host: " + text);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isEmpty()) {
      throw new IllegalArgumentException("database connection names no database: " + text);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : dialect == Dialect.POSTGRESQL ? 5432 : 3306;
    String prefix = dialect == Dialect.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://";
    String url = prefix + uri.getHost() + ":" + port + "/" + database + options(uri.getRawQuery());
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    return new ConnectionString(url, user, password, dialect);
  }

  private static String options(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String option : rawQuery.split("&")) {
      String key = option.split("=", 2)[0];
      if (!option.isEmpty() && !PYTHON_ONLY_OPTIONS.contains(key)) {
        kept.add(option);
      }
    }
    return kept.isEmpty() ? "" : "?" + String.join("&", kept);
  }

  /** Percent-decoding as SQLAlchemy does it: a '+' stays a '+'. */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return jdbcUrl + (user == null ? "" : " as " + user);
  }
}
