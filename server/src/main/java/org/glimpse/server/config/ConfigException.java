package org.glimpse.server.config;

/** The configuration cannot be used: a file is missing or malformed, or a value is invalid. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
