package org.glimpse.server.auth;

import io.javalin.http.Context;
import org.glimpse.core.RequestContext;

/**
 * Establishes who is calling, once per request, before any route runs. The composition root
 * chooses the one implementation from {@code [paste_deploy] flavor} (see {@link Authenticators});
 * resources read the result with {@link #caller}.
 */
public interface Authenticator {
  /** The request attribute holding the caller's {@link RequestContext}. */
  String ATTRIBUTE = "glimpse.context";

  /**
   * The request attribute an authenticator sets to the value of the {@code WWW-Authenticate}
   * header that every 401 answer of the request carries (keystonemiddleware adds it to all of
   * them); unset, 401 answers have none.
   */
  String CHALLENGE = "glimpse.challenge";

  /**
   * The caller of this request.
   *
   * @param requestId the request's id, for the context
   * @throws org.glimpse.core.error.UnauthorizedException when the request carries credentials
   *     that do not identify a caller
   * @throws org.glimpse.core.error.UnavailableException when the credentials cannot be checked
   *     now (the identity service is unreachable)
   */
  RequestContext authenticate(Context ctx, String requestId);

  /** Records the caller for the rest of the request. */
  static void remember(Context ctx, RequestContext caller) {
    ctx.attribute(ATTRIBUTE, caller);
  }

  /** The caller established for this request. */
  static RequestContext caller(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
