package org.glimpse.server.http;

import java.util.Locale;

/** The media type a Content-Type header names, read from whatever a client sent. */
public final class MediaType {
  private MediaType() {}

  /**
   * {@code type/subtype} of the header, lower case and without parameters ("" when the header
   * names none, e.g. {@code ;;;}); {@code absent} when there is no header or it is blank.
   */
  public static String of(String contentType, String absent) {
    if (contentType == null || contentType.isBlank()) {
      return absent;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
