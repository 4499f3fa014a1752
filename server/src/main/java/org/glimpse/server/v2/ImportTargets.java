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
 * (409), as Glance answers for imports. Which of them already hold a copy-image's data is the
 * import service's to judge, once it has the image.
 */
final class ImportTargets {
  private ImportTargets() {}

  /** The backends the import goes to, in the order given (configured order for all_stores). */
  static List<String> resolve(MultiStore stores, JsonNode body, String header) {
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
      for (JsonNode n : list) {
        if (!n.isTextual()) {
          throw new BadRequestException("'stores' must be a list of store ids");
        }
        if (!targets.contains(n.asText())) {
          targets.add(n.asText());
        }
      }
      if (targets.isEmpty()) {
        throw new BadRequestException("'stores' must name at least one store");
      }
    } else {
      targets.add(header != null ? header : defaultId);
    }
    for (String id : targets) {
      if (stores.backend(id).isEmpty()) {
        throw new ConflictException("Unknown scheme '" + id + "' found in URI");
      }
    }
    for (String id : targets) {
      if (stores.backend(id).orElseThrow().readOnly()) {
        throw new ConflictException("Cannot import into store '" + id + "': it is read-only");
      }
    }
    return List.copyOf(targets);
  }
}
