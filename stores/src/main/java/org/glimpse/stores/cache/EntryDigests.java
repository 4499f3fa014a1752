package org.glimpse.stores.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The digests a cache entry is checked with, by Java's names and by Glance's (hashlib's). */
final class EntryDigests {
  private EntryDigests() {}

  static MessageDigest sha256() {
    return named("SHA-256");
  }

  static MessageDigest md5() {
    return named("MD5");
  }

  /**
   * The digest for Glance's {@code os_hash_algo} (a hashlib name such as {@code sha512} or {@code
   * sha3_256}), or null when this runtime has none by that name (the hash is then not checked).
   */
  static MessageDigest forHashAlgo(String algo) {
    if (algo == null) {
      return null;
    }
    String a = algo.toLowerCase(Locale.ROOT);
    String name = a.startsWith("sha3_") ? "SHA3-" + a.substring(5)
        : a.startsWith("sha") ? "SHA-" + a.substring(3) : a.toUpperCase(Locale.ROOT);
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  private static MessageDigest named(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is part of every Java runtime", e);
    }
  }
}
