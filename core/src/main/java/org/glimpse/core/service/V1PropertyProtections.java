package org.glimpse.core.service;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.glimpse.core.RequestContext;
import org.glimpse.core.error.ForbiddenException;
import org.glimpse.core.policy.PropertyProtections;

/**
 * How v1 writes obey the property protections, with Glance's v1 rules: a property a request adds
 * needs create permission; one it names that exists needs read permission, and update permission
 * too if its value changes; one a purging update leaves out needs delete permission if the
 * caller may read it, and is silently kept if it may not. Every refusal is 403 "Property '<name>'
 * is protected".
 */
final class V1PropertyProtections {
  private V1PropertyProtections() {}

  /** On create: every property the request sets must be one the caller may create. */
  static void checkCreate(PropertyProtections protections, RequestContext ctx, Map<String, String> requested) {
    for (String name : requested.keySet()) {
      if (!protections.canCreate(ctx, name)) {
        throw refused(name);
      }
    }
  }

  /**
   * On update, in Glance's order (updates, then additions, then deletions): throws when the request
   * may not make its changes; returns the existing properties the caller may not read, which a
   * purge must keep.
   */
  static Map<String, String> checkUpdate(PropertyProtections protections, RequestContext ctx,
      Map<String, String> existing, Map<String, String> requested, boolean purge) {
    for (Map.Entry<String, String> p : requested.entrySet()) {
      String name = p.getKey();
      if (existing.containsKey(name)
          && (!protections.canRead(ctx, name)
              || (!Objects.equals(p.getValue(), existing.get(name)) && !protections.canUpdate(ctx, name)))) {
        throw refused(name);
      }
    }
    for (String name : requested.keySet()) {
      if (!existing.containsKey(name) && !protections.canCreate(ctx, name)) {
        throw refused(name);
      }
    }
    Map<String, String> unreadable = new TreeMap<>();
    for (Map.Entry<String, String> p : existing.entrySet()) {
      String name = p.getKey();
      if (requested.containsKey(name)) {
        continue;
      }
      if (!protections.canRead(ctx, name)) {
        unreadable.put(name, p.getValue());
      } else if (purge && !protections.canDelete(ctx, name)) {
        throw refused(name);
      }
    }
    return unreadable;
  }

  private static ForbiddenException refused(String name) {
    return new ForbiddenException("Property '" + name + "' is protected");
  }
}
