package org.glimpse.core.image;

import java.util.Objects;

/**
 * One place an image's data is kept, as Glance lists it in {@code locations}.
 *
 * @param url the store URI of the data (file://…, swift+https://…)
 * @param metadata the location's metadata as the text of a JSON object ({@code "{}"} when it has
 *     none); the domain keeps it as given, the API faces read and write it
 */
public record ImageLocation(String url, String metadata) {
  public static final String NO_METADATA = "{}";

  public ImageLocation {
    Objects.requireNonNull(url, "url");
    metadata = metadata == null || metadata.isBlank() ? NO_METADATA : metadata;
  }

  /** A location without metadata. */
  public static ImageLocation of(String url) {
    return new ImageLocation(url, NO_METADATA);
  }
}
