package org.glimpse.server.http;

import io.javalin.http.Context;
import org.glimpse.core.RequestContext;
import org.glimpse.server.auth.Authenticator;

/**
 * The caller of a request, for the resources that read it under this older name; it is {@link
 * Authenticator#caller}, whichever authenticator established it. New code calls that directly.
 */
public final class NoAuthContext {
  private NoAuthContext() {}

  public static RequestContext of(Context ctx) {
    return Authenticator.caller(ctx);
  }
}
