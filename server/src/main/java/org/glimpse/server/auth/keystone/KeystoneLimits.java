package org.glimpse.server.auth.keystone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glimpse.core.error.UnavailableException;
import org.glimpse.core.port.ProjectLimits;
import org.glimpse.core.service.UsageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image resources' limits of a project, resolved as oslo.limit's enforcer does: the project's
 * own limit, else the registered default, else 0 (logged: nothing was set for the resource). Each
 * project's answer is reused for the cache time, so requests do not each ask Keystone; Keystone out
 * of reach is an UnavailableException (503), never a guess.
 */
public final class KeystoneLimits implements ProjectLimits {
  private static final Logger LOG = LoggerFactory.getLogger(KeystoneLimits.class);
  static final int MAX_CACHED = 10_000;
  static final List<String> RESOURCES = List.of(UsageService.IMAGE_SIZE_TOTAL, UsageService.IMAGE_STAGE_TOTAL,
      UsageService.IMAGE_COUNT_TOTAL, UsageService.IMAGE_COUNT_UPLOADING);

  private record Known(Map<String, Long> limits, Instant until) {}

  private final LimitSource source;
  private final Duration cacheTime;
  private final Clock clock;
  private final Map<String, Known> cache = new ConcurrentHashMap<>();

  /** Limits of the image service at {@code endpointId}, read with {@code settings}' service user. */
  public KeystoneLimits(KeystoneSettings settings, String endpointId, Duration cacheTime) {
    this(new KeystoneLimitSource(settings, endpointId, Clock.systemUTC()), cacheTime, Clock.systemUTC());
  }

  KeystoneLimits(LimitSource source, Duration cacheTime, Clock clock) {
    this.source = source;
    this.cacheTime = cacheTime;
    this.clock = clock;
  }

  @Override
  public Map<String, Long> limitsOf(String projectId) {
    Instant now = clock.instant();
    Known known = cache.get(projectId);
    if (known != null && now.isBefore(known.until())) {
      return known.limits();
    }
    Map<String, Long> limits;
    try {
      limits = resolve(projectId, source.registered(), source.ofProject(projectId));
    } catch (KeystoneUnavailableException e) {
      LOG.error("Unable to read the limits of project {} from Keystone: {}", projectId, e.getMessage());
      throw new UnavailableException("The Keystone service is temporarily unavailable: cannot read the"
          + " limits of project " + projectId + ".", e);
    }
    if (!cacheTime.isZero()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(projectId, new Known(limits, now.plus(cacheTime)));
    }
    return limits;
  }

  /** Every image resource's limit: the project's, else the registered default, else 0. */
  static Map<String, Long> resolve(String projectId, Map<String, Long> registered, Map<String, Long> project) {
    Map<String, Long> limits = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      Long limit = project.get(resource);
      if (limit == null) {
        limit = registered.get(resource);
      }
      if (limit == null) {
        LOG.error("No limit registered in Keystone for resource {} (project {}): treated as 0", resource,
            projectId);
        limit = 0L;
      }
      limits.put(resource, limit);
    }
    return Map.copyOf(limits);
  }
}
