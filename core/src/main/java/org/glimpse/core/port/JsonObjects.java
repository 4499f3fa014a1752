package org.glimpse.core.port;

import java.util.Map;

/**
 * Reads a JSON object text that this service wrote (a property definition, an object's
 * properties) as nested maps in document order: strings, numbers, booleans, lists and maps.
 */
@FunctionalInterface
public interface JsonObjects {
  Map<String, ?> read(String json);
}
