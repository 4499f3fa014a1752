package org.glimpse.server.v2;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the v2 API knows of the stores in multi-store mode ({@code [DEFAULT] enabled_backends}):
 * the backends in configured order and which of them holds a location. {@link #NONE} when one
 * store is configured, and then the API shows nothing of stores, as Glance.
 *
 * @param backendOf the id of the backend whose store holds a location, if any does
 */
public record MultiStore(List<Backend> backends, Function<String, Optional<String>> backendOf) {
  public static final MultiStore NONE = new MultiStore(List.of(), location -> Optional.empty());

  /**
   * One backend as {@code GET /v2/info/stores} and its detail show it.
   *
   * @param properties the type's properties Glance shows in the detail
   */
  public record Backend(String id, String type, Optional<String> description, boolean isDefault,
      boolean readOnly, int weight, Map<String, Object> properties) {}

  public boolean on() {
    return !backends.isEmpty();
  }

  public Optional<Backend> backend(String id) {
    return backends.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /** The ids, comma-separated, as the OpenStack-image-store-ids header gives them. */
  public String ids() {
    return String.join(",", backends.stream().map(Backend::id).toList());
  }
}
