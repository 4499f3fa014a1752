package org.glimpse.core.service;

import java.util.Objects;

/**
 * {@code POST /v2/images/{id}/locations} as parsed: the URL of the data and, when the caller gave
 * {@code validation_data}, the multihash it must have (both or neither; the API face checks the
 * body's shape, the service the value's form).
 */
public record AddLocationRequest(String url, String hashAlgo, String hashValue) {
  public AddLocationRequest {
    Objects.requireNonNull(url, "url");
    if ((hashAlgo == null) != (hashValue == null)) {
      throw new IllegalArgumentException("os_hash_algo and os_hash_value go together");
    }
  }

  public boolean validated() {
    return hashAlgo != null;
  }
}
