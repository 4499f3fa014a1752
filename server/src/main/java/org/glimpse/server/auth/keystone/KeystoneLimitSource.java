package org.glimpse.server.auth.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the image service's limits as oslo.limit does: the endpoint ({@code GET
 * /v3/endpoints/{endpoint_id}}) gives the service and region, which select the registered limits
 * ({@code GET /v3/registered_limits}) and a project's limits ({@code GET /v3/limits}). The
 * endpoint is read once; the service user's token is kept until shortly before it expires or
 * Keystone refuses it.
 */
final class KeystoneLimitSource implements LimitSource {
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

  private final KeystoneClient keystone;
  private final String endpointId;
  private final Clock clock;
  private volatile KeystoneClient.ServiceToken serviceToken;
  private volatile String selector;

  KeystoneLimitSource(KeystoneSettings settings, String endpointId, Clock clock) {
    this.keystone = new KeystoneClient(settings.identityV3(), settings.timeout(), settings.retries(),
        settings.authRequest());
    this.endpointId = endpointId;
    this.clock = clock;
  }

  @Override
  public Map<String, Long> registered() throws KeystoneUnavailableException {
    return values(read("registered_limits?" + selector()), "registered_limits", "default_limit");
  }

  @Override
  public Map<String, Long> ofProject(String projectId) throws KeystoneUnavailableException {
    return values(read("limits?" + selector() + "&project_id=" + encode(projectId)), "limits", "resource_limit");
  }

  /** {@code service_id=…[&region_id=…]} of the configured endpoint, read once. */
  private String selector() throws KeystoneUnavailableException {
    String known = selector;
    if (known != null) {
      return known;
    }
    JsonNode endpoint = read("endpoints/" + encode(endpointId)).path("endpoint");
    String serviceId = endpoint.path("service_id").asText("");
    if (serviceId.isEmpty()) {
      throw new KeystoneUnavailableException("Keystone's endpoint " + endpointId + " ([oslo_limit] endpoint_id)"
          + " names no service", null);
    }
    String region = endpoint.path("region_id").asText("");
    known = "service_id=" + encode(serviceId) + (region.isEmpty() ? "" : "&region_id=" + encode(region));
    selector = known;
    return known;
  }

  private JsonNode read(String path) throws KeystoneUnavailableException {
    JsonNode body = keystone.read(serviceToken(false), path);
    if (body == null) {
      body = keystone.read(serviceToken(true), path);
    }
    if (body == null) {
      throw new KeystoneUnavailableException("Keystone refused a freshly issued service token", null);
    }
    return body;
  }

  private static Map<String, Long> values(JsonNode body, String list, String field)
      throws KeystoneUnavailableException {
    JsonNode entries = body.path(list);
    if (!entries.isArray()) {
      throw new KeystoneUnavailableException("Keystone's answer has no " + list + " list", null);
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (JsonNode entry : entries) {
      JsonNode value = entry.path(field);
      String resource = entry.path("resource_name").asText("");
      if (!resource.isEmpty() && value.canConvertToLong()) {
        values.put(resource, value.asLong());
      }
    }
    return values;
  }

  private String serviceToken(boolean renew) throws KeystoneUnavailableException {
    KeystoneClient.ServiceToken current = serviceToken;
    if (!renew && current != null && clock.instant().plus(RENEW_BEFORE).isBefore(current.expiresAt())) {
      return current.id();
    }
    synchronized (this) {
      if (serviceToken != current && serviceToken != null) {
        return serviceToken.id();
      }
      serviceToken = keystone.issueServiceToken();
      return serviceToken.id();
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
