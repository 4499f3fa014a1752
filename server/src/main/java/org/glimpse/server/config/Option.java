package org.glimpse.server.config;

/**
 * One configuration option: where it lives, how it parses, its default and what it does. The
 * registry of all of them is {@link Options}; the sample config and reference doc come from it.
 *
 * @param section section name as written in the file ({@code DEFAULT} or lower case)
 * @param defaultValue the default in file form, or null when the option is unset by default (its
 *     type must then read "" as unset)
 * @param help one line for the sample config and the reference
 */
public record Option<T>(
    String section, String key, OptionType<T> type, String defaultValue, String help) {

  public Option {
    type.parse(defaultValue == null ? "" : defaultValue); // fails fast on a bad default
  }

  /** The same option read from another section (a multi-store backend's section, named by its id). */
  public Option<T> in(String otherSection) {
    return new Option<>(otherSection, key, type, defaultValue, help);
  }

  /** The environment variable that overrides this option. */
  public String envName() {
    return ConfigLoader.ENV_PREFIX
        + section.toUpperCase(java.util.Locale.ROOT)
        + "__"
        + key.toUpperCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return "[" + section + "] " + key;
  }
}
