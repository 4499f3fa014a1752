package org.glimpse.server.versions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.server.http.Json;

/**
 * Version discovery: {@code GET /} answers 300 and {@code GET /versions} 200, both with every API
 * version Glimpse serves; a request for an unknown version gets the same document with 300. The
 * list is current Glance's, in its order: with an image cache ({@code image_cache_dir}) v2.18 is
 * current and v2.14-2.17 supported; without one v2.15 is supported and v2.17 current (listed after
 * the store versions, where Glance puts it); with several stores ({@code enabled_backends})
 * v2.8-2.13 are supported where v2.9 alone is otherwise.
 */
public final class VersionsResource {
  private static final String[][] V2_CACHE = {
      {"v2.18", "CURRENT"}, {"v2.17", "SUPPORTED"}, {"v2.16", "SUPPORTED"}, {"v2.15", "SUPPORTED"},
      {"v2.14", "SUPPORTED"}};
  private static final String[][] V2_NO_CACHE = {{"v2.15", "SUPPORTED"}};
  private static final String[][] V2_NO_CACHE_CURRENT = {{"v2.17", "CURRENT"}};
  private static final String[][] V2_MULTI_STORE = {
      {"v2.13", "SUPPORTED"}, {"v2.12", "SUPPORTED"}, {"v2.11", "SUPPORTED"}, {"v2.10", "SUPPORTED"},
      {"v2.9", "SUPPORTED"}, {"v2.8", "SUPPORTED"}};
  private static final String[][] V2_SINGLE_STORE = {{"v2.9", "SUPPORTED"}};
  private static final String[][] V2 = {
      {"v2.7", "SUPPORTED"}, {"v2.6", "SUPPORTED"},
      {"v2.5", "SUPPORTED"}, {"v2.4", "SUPPORTED"}, {"v2.3", "SUPPORTED"}, {"v2.2", "SUPPORTED"},
      {"v2.1", "SUPPORTED"}, {"v2.0", "SUPPORTED"}};
  private static final String[][] V1 = {{"v1.1", "DEPRECATED"}, {"v1.0", "DEPRECATED"}};

  private final boolean v1Enabled;
  private final boolean v2Enabled;
  private final String publicEndpoint;
  private final boolean cacheEnabled;
  private final boolean multiStore;

  public VersionsResource(boolean v1Enabled, boolean v2Enabled, String publicEndpoint) {
    this(v1Enabled, v2Enabled, publicEndpoint, false);
  }

  public VersionsResource(boolean v1Enabled, boolean v2Enabled, String publicEndpoint, boolean cacheEnabled) {
    this(v1Enabled, v2Enabled, publicEndpoint, cacheEnabled, false);
  }

  public VersionsResource(boolean v1Enabled, boolean v2Enabled, String publicEndpoint, boolean cacheEnabled,
      boolean multiStore) {
    this.multiStore = multiStore;
    this.v1Enabled = v1Enabled;
    this.v2Enabled = v2Enabled;
    this.publicEndpoint = publicEndpoint;
    this.cacheEnabled = cacheEnabled;
  }

  public void multipleChoices(Context ctx) {
    Json.write(ctx, 300, document(ctx));
  }

  public void list(Context ctx) {
    Json.write(ctx, 200, document(ctx));
  }

  /** True when the path starts with a version segment this server serves. */
  public boolean isServedVersion(String firstSegment) {
    return (v2Enabled && firstSegment.equals("v2"))
        || (v1Enabled && (firstSegment.equals("v1") || firstSegment.equals("v1.0") || firstSegment.equals("v1.1")));
  }

  private ObjectNode document(Context ctx) {
    String base = publicEndpoint != null ? publicEndpoint : baseUrl(ctx);
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    ObjectNode doc = Json.MAPPER.createObjectNode();
    ArrayNode versions = doc.putArray("versions");
    if (v2Enabled) {
      add(versions, cacheEnabled ? V2_CACHE : V2_NO_CACHE, base + "/v2/");
      add(versions, multiStore ? V2_MULTI_STORE : V2_SINGLE_STORE, base + "/v2/");
      if (!cacheEnabled) {
        add(versions, V2_NO_CACHE_CURRENT, base + "/v2/");
      }
      add(versions, V2, base + "/v2/");
    }
    if (v1Enabled) {
      add(versions, V1, base + "/v1/");
    }
    return doc;
  }

  private static void add(ArrayNode versions, String[][] entries, String href) {
    for (String[] e : entries) {
      ObjectNode v = versions.addObject();
      v.put("id", e[0]);
      v.put("status", e[1]);
      ObjectNode link = v.putArray("links").addObject();
      link.put("rel", "self");
      link.put("href", href);
    }
  }

  /** scheme://host[:port] as the client addressed us. */
  public static String baseUrl(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      host = ctx.req().getServerName() + ":" + ctx.req().getServerPort();
    }
    return ctx.scheme() + "://" + host;
  }
}
