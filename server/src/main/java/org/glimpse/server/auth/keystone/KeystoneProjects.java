package org.glimpse.server.auth.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ProjectDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects and domains as Keystone knows them, looked up with the service user of {@code
 * [keystone_authtoken]} (GET /v3/projects/{id}, /v3/domains/{id}) for validate_member_project.
 * Answers, yes and no alike, are kept for the cache time (at most {@link #MAX_CACHED} of them);
 * Keystone out of reach is an UnavailableException (503), never a guess.
 */
public final class KeystoneProjects implements ProjectDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(KeystoneProjects.class);
  static final int MAX_CACHED = 10_000;
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

  private record Answer(boolean exists, Instant until) {}

  private final KeystoneClient keystone;
  private final Duration cacheTime;
  private final Clock clock;
  private final Map<String, Answer> cache = new ConcurrentHashMap<>();
  private volatile KeystoneClient.ServiceToken serviceToken;

  public KeystoneProjects(KeystoneSettings settings, Duration cacheTime) {
    this(settings, cacheTime, Clock.systemUTC());
  }

  KeystoneProjects(KeystoneSettings settings, Duration cacheTime, Clock clock) {
    this.keystone = new KeystoneClient(settings.identityV3(), settings.timeout(), settings.retries(),
        settings.authRequest());
    this.cacheTime = cacheTime;
    this.clock = clock;
  }

  @Override
  public boolean projectExists(String projectId) {
    return exists("projects", projectId);
  }

  @Override
  public boolean domainExists(String domainId) {
    return exists("domains", domainId);
  }

  private boolean exists(String kind, String id) {
    String key = kind + "/" + id;
    Instant now = clock.instant();
    Answer cached = cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.exists();
    }
    try {
      KeystoneClient.Lookup answer = keystone.lookup(serviceToken(false), kind, id);
      if (answer == KeystoneClient.Lookup.SERVICE_TOKEN_REFUSED) {
        answer = keystone.lookup(serviceToken(true), kind, id);
      }
      if (answer == KeystoneClient.Lookup.SERVICE_TOKEN_REFUSED) {
        throw new KeystoneUnavailableException("Keystone refused a freshly issued service token", null);
      }
      boolean exists = answer == KeystoneClient.Lookup.FOUND;
      if (!cacheTime.isZero()) {
        if (cache.size() >= MAX_CACHED) {
          cache.clear();
        }
        cache.put(key, new Answer(exists, now.plus(cacheTime)));
      }
      return exists;
    } catch (KeystoneUnavailableException e) {
      LOG.error("Unable to look up {} {} in Keystone: {}", kind, id, e.getMessage());
      throw new UnavailableException("The Keystone service is temporarily unavailable: cannot tell"
          + " whether " + kind.substring(0, kind.length() - 1) + " " + id + " exists.", e);
    }
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
}
