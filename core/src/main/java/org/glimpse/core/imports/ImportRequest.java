package org.glimpse.core.imports;

import java.util.List;

/**
 * A {@code POST /v2/images/{id}/import} body, parsed: the method's name, its {@code uri}
 * (web-download), the backends it writes to in multi-store mode (resolved and checked by the API
 * face, in order; empty with a single store), {@code all_stores}, {@code all_stores_must_succeed}, and
 * the hashes the caller expects ({@code validation_data}: os_hash_algo, os_hash_value), or nulls.
 * {@code body} is the request as JSON text, kept as the task's input. {@code glance} is what
 * glance-download names (null for the other methods).
 */
public record ImportRequest(String method, String uri, List<String> stores, boolean allStores,
    boolean allStoresMustSucceed, String hashAlgo, String hashValue, String body, GlanceImage glance) {

  /**
   * glance-download's source as the request names it: {@code glance_image_id}, {@code
   * glance_region} and {@code glance_service_interface}, each null when absent (the service
   * checks them in Glance's order).
   */
  public record GlanceImage(String imageId, String region, String serviceInterface) {}

  /** The same request, going to {@code targets}. */
  public ImportRequest withStores(List<String> targets) {
    return new ImportRequest(method, uri, List.copyOf(targets), allStores, allStoresMustSucceed, hashAlgo, hashValue,
        body, glance);
  }

  public static final String GLANCE_DIRECT = "glance-direct";
  public static final String WEB_DOWNLOAD = "web-download";
  public static final String COPY_IMAGE = "copy-image";
  public static final String GLANCE_DOWNLOAD = "glance-download";
}
