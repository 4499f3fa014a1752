package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.glimpse.core.error.BadRequestException;
import org.glimpse.core.error.ConflictException;

/**
 * The stores an import asks for in multi-store mode, read as Glance reads them: {@code all_stores}
 * (every writable backend; not with {@code stores} or X-Image-Meta-Store), else {@code stores},
 * else the X-Image-Meta-Store header, else the default backend; an unknown store is a conflict
 * (409), as Glance answers for imports. An import writes one copy of the data, so one target store
 * is honoured (data staged in the default backend is copied there) and several are refused with
 * 409 naming the reason rather than ignored; copy-image (a copy per store) is not built.
 */
final class ImportTargets {
  private ImportTargets() {}

  /** The one backend the import goes to. */
  static String resolve(MultiStore stores, JsonNode body, String header) {
    String defaultId = stores.backends().stream().filter(MultiStore.Backend::isDefault)
        .map(MultiStore.Backend::id).findFirst().orElseThrow();
    List<String> targets = new ArrayList<>();
    JsonNode all = body.get("all_stores");
    if (all != null && all.isBoolean() && all.asBoolean()) {
      if (body.has("stores") || header != null) {
        throw new BadRequestException(
            "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
      }
      stores.backends().stream().filter(b -> !b.readOnly()).forEach(b -> targets.add(b.id()));
    } else if (body.has("stores")) {
      if (header != null) {
        throw new BadRequestException("Stores parameter and x-image-meta-store header can't be both specified");
      }
      JsonNode list = body.get("stores");
      if (!list.isArray()) {
        throw new BadRequestException("'stores' must be a list of store ids");
      }
      list.forEach(n -> targets.add(n.asText()));
    } else {
      targets.add(header != null ? header : defaultId);
    }
    for (String id : targets) {
      if (stores.backend(id).isEmpty()) {
        throw new ConflictException("Unknown scheme '" + id + "' found in URI");
      }
    }
    JsonNode method = body.path("method").path("name");
    if (method.asText().equals("copy-image")) {
      throw new ConflictException("Image cannot be copied to another store: copy-image is not supported"
          + " here");
    }
    if (targets.size() != 1) {
      throw new ConflictException("Cannot import into " + targets.size() + " stores (" + String.join(", ", targets)
          + "): an import writes its data into one store here");
    }
    if (stores.backend(targets.get(0)).orElseThrow().readOnly()) {
      throw new ConflictException("Cannot import into store '" + targets.get(0) + "': it is read-only");
    }
    return targets.get(0);
  }
}
