package org.glimpse.server.auth.keystone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens Keystone said were valid, each trusted for at most the cache time and never past its
 * expiry, keyed by a SHA-256 of the token (the token itself is not kept). Bounded: when full,
 * entries past their time go first, then those closest to it.
 */
final class TokenCache {
  private record Entry(KeystoneToken token, Instant until) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxEntries;

  /** @param ttl how long a validation is trusted; null or zero turns the cache off */
  TokenCache(Duration ttl, int maxEntries) {
    this.ttl = ttl == null || ttl.isZero() || ttl.isNegative() ? null : ttl;
    this.maxEntries = maxEntries;
  }

  Optional<KeystoneToken> get(String token, Instant now) {
    if (ttl == null) {
      return Optional.empty();
    }
    String key = key(token);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!now.isBefore(entry.until())) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.token());
  }

  void put(String token, KeystoneToken validated, Instant now) {
    if (ttl == null) {
      return;
    }
    Instant until = now.plus(ttl);
    if (validated.expiresAt().isBefore(until)) {
      until = validated.expiresAt();
    }
    if (!now.isBefore(until)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      makeRoom(now);
    }
    entries.put(key(token), new Entry(validated, until));
  }

  int size() {
    return entries.size();
  }

  private synchronized void makeRoom(Instant now) {
    entries.values().removeIf(e -> !now.isBefore(e.until()));
    int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
    if (excess > 0) {
      entries.entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getValue().until()))
          .limit(excess)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(entries::remove);
    }
  }

  private static String key(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
