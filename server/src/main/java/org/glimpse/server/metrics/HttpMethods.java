package org.glimpse.server.metrics;

import java.util.Set;

/** The methods that get a label of their own; any other is {@code other}, so clients cannot add labels. */
final class HttpMethods {
  static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private HttpMethods() {}
}
