package org.glimpse.core.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The multihash algorithm ({@code [DEFAULT] hashing_algorithm}): Glance names it as Python's
 * hashlib does ({@code sha512}, {@code sha3_256} …) and stores that name in {@code os_hash_algo}.
 * Only the names both hashlib guarantees and every Java runtime provides are accepted; hashlib's
 * shake and blake2 digests have no Java counterpart.
 */
public record HashAlgorithm(String glanceName, String javaName) {
  private static final Map<String, String> KNOWN = new TreeMap<>(Map.ofEntries(
      Map.entry("md5", "MD5"),
      Map.entry("sha1", "SHA-1"),
      Map.entry("sha224", "SHA-224"),
      Map.entry("sha256", "SHA-256"),
      Map.entry("sha384", "SHA-384"),
      Map.entry("sha512", "SHA-512"),
      Map.entry("sha3_224", "SHA3-224"),
      Map.entry("sha3_256", "SHA3-256"),
      Map.entry("sha3_384", "SHA3-384"),
      Map.entry("sha3_512", "SHA3-512")));

  public static final HashAlgorithm SHA512 = of("sha512");

  /** The algorithm Glance calls {@code name} (case-insensitive, as hashlib); IllegalArgumentException names the choices. */
  public static HashAlgorithm of(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    String java = KNOWN.get(key);
    if (java == null) {
      throw new IllegalArgumentException("hashing_algorithm '" + name + "' is not one of " + String.join(", ", KNOWN.keySet()));
    }
    return new HashAlgorithm(key, java);
  }

  /** A fresh digest of this algorithm. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(javaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(javaName + " is part of every Java runtime", e);
    }
  }
}
