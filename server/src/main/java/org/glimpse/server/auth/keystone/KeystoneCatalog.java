package org.glimpse.server.auth.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The service catalog as a caller's token sees it ({@code GET /v3/auth/catalog} with that token).
 * Glimpse validates tokens without their catalog, so the catalog is read only when a call on the
 * caller's behalf needs an endpoint (glance-download).
 */
public final class KeystoneCatalog {
  private final KeystoneClient keystone;

  public KeystoneCatalog(KeystoneSettings settings) {
    this.keystone = new KeystoneClient(settings.identityV3(), settings.timeout(), settings.retries(),
        settings.authRequest());
  }

  /**
   * The URL of the first {@code type} service endpoint of {@code region} (compared ignoring case,
   * by region id or name) and {@code serviceInterface} (public, internal, admin); empty when the
   * catalog lists none. IOException when Keystone refuses the token or cannot be asked.
   */
  public Optional<String> endpoint(String token, String type, String region, String serviceInterface)
      throws IOException {
    JsonNode catalog;
    try {
      catalog = keystone.read(token, "auth/catalog");
    } catch (KeystoneUnavailableException e) {
      throw new IOException("the service catalog could not be read: " + e.getMessage(), e);
    }
    if (catalog == null) {
      throw new IOException("Keystone refused the caller's token when asked for its service catalog");
    }
    String wantedRegion = region.toLowerCase(Locale.ROOT);
    for (JsonNode service : catalog.path("catalog")) {
      if (!type.equals(service.path("type").asText())) {
        continue;
      }
      for (JsonNode endpoint : service.path("endpoints")) {
        boolean inRegion = wantedRegion.equals(endpoint.path("region_id").asText().toLowerCase(Locale.ROOT))
            || wantedRegion.equals(endpoint.path("region").asText().toLowerCase(Locale.ROOT));
        if (inRegion && serviceInterface.equals(endpoint.path("interface").asText())
            && endpoint.path("url").isTextual()) {
          return Optional.of(endpoint.path("url").asText());
        }
      }
    }
    return Optional.empty();
  }
}
