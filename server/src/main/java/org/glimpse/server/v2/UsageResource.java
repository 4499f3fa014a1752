package org.glimpse.server.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.glimpse.core.service.UsageService;
import org.glimpse.server.auth.Authenticator;
import org.glimpse.server.http.Json;

/** {@code GET /v2/info/usage}: {"usage": {resource: {"usage": n, "limit": n}, …}}. */
public final class UsageResource {
  private final UsageService usage;

  public UsageResource(UsageService usage) {
    this.usage = usage;
  }

  public void show(Context ctx) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode entries = root.putObject("usage");
    usage.usage(Authenticator.caller(ctx)).forEach((name, quota) -> {
      ObjectNode entry = entries.putObject(name);
      entry.put("usage", quota.usage());
      entry.put("limit", quota.limit());
    });
    Json.write(ctx, 200, root);
  }
}
