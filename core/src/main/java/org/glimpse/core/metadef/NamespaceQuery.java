package org.glimpse.core.metadef;

import java.util.List;
import java.util.Set;

/**
 * One page of a namespace listing, as the caller may see it: all namespaces for an admin, else
 * the public ones and those {@code viewer} owns ({@code viewer} null: public ones only).
 *
 * @param visibility only namespaces of this visibility, or null
 * @param resourceTypes only namespaces associated with one of these resource types; empty: any
 * @param marker the last namespace of the previous page (already visible to the caller), or null
 * @param sortKey a column of {@link #SORT_KEYS}
 */
public record NamespaceQuery(boolean admin, String viewer, String visibility,
    List<String> resourceTypes, Namespace marker, int limit, String sortKey, boolean ascending) {
  public static final Set<String> SORT_KEYS =
      Set.of("created_at", "updated_at", "namespace", "display_name", "visibility", "owner", "protected");

  public NamespaceQuery {
    resourceTypes = List.copyOf(resourceTypes);
    if (!SORT_KEYS.contains(sortKey)) {
      throw new IllegalArgumentException("unknown sort key " + sortKey);
    }
  }
}
