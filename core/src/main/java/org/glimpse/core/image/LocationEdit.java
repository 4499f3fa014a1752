package org.glimpse.core.image;

import java.util.List;
import java.util.Map;

/**
 * The value of a JSON-patch change of {@code /locations}: for {@code add} the position written in
 * the pointer ({@code -} or a number) and the one location added; for {@code remove} the position
 * and no location; for {@code replace} no position and the whole new list.
 */
public record LocationEdit(String position, List<Location> locations) {

  public LocationEdit {
    locations = List.copyOf(locations);
  }

  /**
   * One location as a client sends it.
   *
   * @param url where the data is
   * @param metadata the location's metadata: the text of a JSON object
   * @param validationData {@code checksum}, {@code os_hash_algo}, {@code os_hash_value} the data
   *     must have, when given; empty when not
   */
  public record Location(String url, String metadata, Map<String, String> validationData) {
    public Location {
      metadata = metadata == null || metadata.isBlank() ? ImageLocation.NO_METADATA : metadata;
      validationData = Map.copyOf(validationData);
    }
  }
}
