package org.glimpse.server.auth.keystone;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.UnauthorizedException;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.server.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keystone authentication, as keystonemiddleware's auth_token does it in front of Glance: the
 * caller's X-Auth-Token (or X-Storage-Token) is validated with Keystone v3 using the service
 * user's own token, and the caller's context is built from what Keystone says of it. A token
 * sent as X-Service-Token is validated the same way; its roles become the service roles.
 *
 * <ul>
 *   <li>No token, or one Keystone does not accept (unknown, expired, revoked): 401 with {@code
 *       WWW-Authenticate: Keystone uri="…"}; with delay_auth_decision the request goes on
 *       unauthenticated and allow_anonymous_access decides, as Glance's context middleware does.
 *   <li>Keystone unreachable, slow or failing: 503 within the timeout, never a pass.
 *   <li>A validation is trusted for token_cache_time and never past the token's expiry, so a
 *       revoked token is refused at the latest when its cache entry ages out.
 * </ul>
 */
public final class KeystoneAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(KeystoneAuthenticator.class);
  static final int MAX_CACHED_TOKENS = 10_000;
  /** A service token is renewed once it has less than this left. */
  private static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofMinutes(2);
  private static final String UNAVAILABLE = "The Keystone service is temporarily unavailable.";
  private static final String UNAUTHENTICATED = "The request you have made requires authentication.";

  private final KeystoneSettings settings;
  private final KeystoneClient keystone;
  private final TokenCache cache;
  private final Clock clock;
  private volatile KeystoneClient.ServiceToken serviceToken;

  public KeystoneAuthenticator(KeystoneSettings settings) {
    this(settings, Clock.systemUTC());
  }

  KeystoneAuthenticator(KeystoneSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.keystone = new KeystoneClient(settings.identityV3(), settings.timeout(), settings.retries(),
        settings.authRequest());
    this.cache = new TokenCache(settings.cacheTime(), MAX_CACHED_TOKENS);
  }

  @Override
  public RequestContext authenticate(Context ctx, String requestId) {
    ctx.attribute(CHALLENGE, settings.challenge());
    String userToken = Optional.ofNullable(ctx.header("X-Auth-Token"))
        .orElse(ctx.header("X-Storage-Token"));
    String serviceHeader = ctx.header("X-Service-Token");
    try {
      KeystoneToken service = null;
      boolean serviceValid = true;
      if (serviceHeader != null) {
        Optional<KeystoneToken> validated = lookup(serviceHeader);
        serviceValid = validated.isPresent() && (!settings.serviceTokenRolesRequired()
            || !Collections.disjoint(lower(validated.get().roles()), settings.serviceTokenRoles()));
        service = serviceValid ? validated.orElse(null) : null;
      }
      Optional<KeystoneToken> user = userToken == null ? Optional.empty() : lookup(userToken);
      if (user.isPresent() && serviceValid) {
        return context(user.get(), service, requestId, userToken.strip());
      }
      if (!settings.delayAuthDecision()) {
        throw new UnauthorizedException(UNAUTHENTICATED);
      }
    } catch (KeystoneUnavailableException e) {
      LOG.error("Unable to validate token: {}", e.getMessage());
      if (!settings.delayAuthDecision()) {
        throw new UnavailableException(UNAVAILABLE, e);
      }
    }
    // delay_auth_decision: an unauthenticated request, which Glance serves read-only only when
    // anonymous access is allowed
    if (settings.allowAnonymousAccess()) {
      return RequestContext.anonymous(requestId);
    }
    throw new UnauthorizedException(UNAUTHENTICATED);
  }

  private static RequestContext context(KeystoneToken user, KeystoneToken service, String requestId, String token) {
    return new RequestContext(user.projectId(), user.userId(), user.roles(), true, requestId,
        user.userDomainId(), user.projectDomainId(), user.domainId(), user.systemScope(),
        user.isAdminProject(), service == null ? Set.of() : service.roles(),
        service == null ? null : service.userId(), service == null ? null : service.projectId(), token);
  }

  /** The validated token, or empty when Keystone does not accept it. */
  private Optional<KeystoneToken> lookup(String raw) throws KeystoneUnavailableException {
    String token = raw.strip();
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<KeystoneToken> cached = cache.get(token, now);
    if (cached.isPresent() && cached.get().validAt(now)) {
      return cached;
    }
    KeystoneClient.Validation answer = keystone.validate(serviceToken(false), token);
    if (answer instanceof KeystoneClient.Validation.ServiceTokenRefused) {
      answer = keystone.validate(serviceToken(true), token);
    }
    if (answer instanceof KeystoneClient.Validation.Valid valid) {
      now = clock.instant();
      if (!valid.token().validAt(now)) {
        return Optional.empty();
      }
      cache.put(token, valid.token(), now);
      return Optional.of(valid.token());
    }
    if (answer instanceof KeystoneClient.Validation.Invalid invalid) {
      LOG.info("Invalid token ({})", invalid.reason());
      return Optional.empty();
    }
    throw new KeystoneUnavailableException("Keystone refused a freshly issued service token", null);
  }

  /** The service user's token: the current one unless it is (about to be) stale or refused. */
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

  /**
   * Token ids are printable ASCII without spaces; anything else cannot be a token (and could
   * not be sent on in a header), so it is refused without asking Keystone.
   */
  private static boolean wellFormed(String token) {
    if (token.isEmpty() || token.length() > 8192) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> lower(Set<String> roles) {
    return Set.copyOf(roles.stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).toList());
  }

  int cachedTokens() {
    return cache.size();
  }
}
